"""The supervisors' reads: what awaits their review, and each awaiting figure beside the regency's history."""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from coverage.models import CoverageSnapshot
from coverage.places import access
from coverage.review.flags import CHANGES_COMPARED, Flag, flags
from coverage.snapshots.plausibility import plausibility_warnings
from coverage.snapshots.selectors import counted

Status = CoverageSnapshot.Status


def awaiting_counts(user) -> QuerySet:
    """How many figures await review, per province and cut-off, among the places `user` reviews (one query)."""
    return (
        CoverageSnapshot.objects.filter(status=Status.SUBMITTED, regency__in=access.reviewable_regencies(user))
        .values("regency__province__code", "regency__province__name", "as_of")
        .annotate(awaiting=Count("pk"))
        .order_by("-as_of", "regency__province__code")
    )


@dataclass(frozen=True)
class ReviewRow:
    snapshot: CoverageSnapshot
    previous: CoverageSnapshot | None
    flags: list[Flag]
    own: bool  # last changed by the reviewer: someone else approves or returns it

    @property
    def reference(self) -> str:
        """What the review form sends: the figure and the version shown (`<pk>:<version>`)."""
        return f"{self.snapshot.pk}:{self.snapshot.version}"

    @property
    def change_pp(self) -> Decimal | None:
        if self.previous is None:
            return None
        return self.snapshot.coverage_percent - self.previous.coverage_percent


def review_rows(*, user, province, as_of: datetime.date, status: str = Status.SUBMITTED) -> list[ReviewRow]:
    """The figures of `province` as of `as_of` in `status` that `user` reviews, each with its previous figure and
    flags (two queries, whatever the history)."""
    snapshots = list(
        CoverageSnapshot.objects.filter(
            regency__in=access.reviewable_regencies(user).filter(province=province), as_of=as_of, status=status)
        .select_related("regency", "updated_by", "reviewed_by").order_by("regency__code")
    )
    # A month-end series: CHANGES_COMPARED changes need one more figure, and a year and a bit covers them.
    since = as_of - datetime.timedelta(days=31 * (CHANGES_COMPARED + 2))
    histories: dict[int, list] = {}
    for earlier in CoverageSnapshot.objects.filter(
            counted(), regency_id__in=[s.regency_id for s in snapshots], as_of__lt=as_of, as_of__gte=since
    ).order_by("as_of"):
        histories.setdefault(earlier.regency_id, []).append(earlier)
    rows = []
    for snapshot in snapshots:
        history = histories.get(snapshot.regency_id, [])
        previous = history[-1] if history else None
        warnings = [str(warning.message) for warning in plausibility_warnings(
            previous=previous, participants=snapshot.participants, working_population=snapshot.working_population)]
        rows.append(ReviewRow(snapshot=snapshot, previous=previous, own=snapshot.updated_by_id == user.pk,
                              flags=flags(snapshot, previous=previous, history=history, warnings=warnings)))
    return rows
