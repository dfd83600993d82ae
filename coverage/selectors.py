"""Every read that pages and exports share."""
import datetime

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum

from coverage import arithmetic
from coverage.models import CoverageSnapshot, Regency


def latest_snapshots(*, as_of: datetime.date, province=None) -> QuerySet[CoverageSnapshot]:
    """Each regency's latest snapshot on or before `as_of`, in one query.

    Driven from the regencies so that the database does one index seek on (regency, as_of) per
    regency, whatever the length of the history.
    """
    regencies = Regency.objects.all() if province is None else Regency.objects.filter(province=province)
    latest_pk = (
        CoverageSnapshot.objects.filter(regency=OuterRef("pk"), as_of__lte=as_of)
        .order_by("-as_of")
        .values("pk")[:1]
    )
    return CoverageSnapshot.objects.filter(
        pk__in=regencies.annotate(latest_pk=Subquery(latest_pk)).values("latest_pk")
    ).select_related("regency__province")


def national_overview(*, as_of: datetime.date) -> dict:
    """The national figure as of a date: sums of every regency's latest snapshot."""
    totals = latest_snapshots(as_of=as_of).aggregate(
        participants=Sum("participants"),
        working_population=Sum("working_population"),
        regencies_reporting=Count("pk"),
        latest_cut_off=Max("as_of"),
    )
    if totals["working_population"]:
        totals["coverage_percent"] = arithmetic.coverage_percent(
            totals["participants"], totals["working_population"]
        )
    totals["regencies_total"] = Regency.objects.count()
    return totals


def regencies_assigned_to(user) -> QuerySet[Regency]:
    """The regencies a user may enter data for: assigned directly or through their province."""
    if not user.is_authenticated:
        return Regency.objects.none()
    return Regency.objects.filter(
        Q(assignments__user=user) | Q(province__assignments__user=user)
    ).distinct().select_related("province")


def previous_snapshot(*, regency, before: datetime.date) -> CoverageSnapshot | None:
    """The regency's latest snapshot strictly before a date, for plausibility and pre-filling."""
    return regency.snapshots.filter(as_of__lt=before).order_by("-as_of").first()


# --- Entry (field staff) ---------------------------------------------------------------------------------


def previous_snapshots(*, regency_ids, before: datetime.date) -> dict[int, CoverageSnapshot]:
    """Each given regency's latest snapshot strictly before a date, keyed by regency id, in one query."""
    return {
        snapshot.regency_id: snapshot
        for snapshot in latest_snapshots(as_of=before - datetime.timedelta(days=1)).filter(regency_id__in=regency_ids)
    }


def snapshots_on(*, regency_ids, as_of: datetime.date) -> dict[int, CoverageSnapshot]:
    """The snapshots of the given regencies dated exactly `as_of`, keyed by regency id."""
    return {
        snapshot.regency_id: snapshot
        for snapshot in CoverageSnapshot.objects.filter(regency_id__in=regency_ids, as_of=as_of)
    }
