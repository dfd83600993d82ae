"""Every read that pages and exports share."""
import datetime
from dataclasses import dataclass

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


def latest_month_end(today: datetime.date) -> datetime.date:
    """The latest month's end on or before `today`: the cut-off that field staff are expected to have entered."""
    if (today + datetime.timedelta(days=1)).day == 1:
        return today
    return today.replace(day=1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class EntryStatus:
    regency: Regency
    snapshot: CoverageSnapshot | None  # dated exactly as of the cut-off: entered
    latest: CoverageSnapshot | None  # the latest on or before the cut-off, to show how old the last figure is


@dataclass(frozen=True)
class ProvinceEntryStatus:
    province: object
    rows: list[EntryStatus]

    @property
    def entered(self) -> int:
        return sum(1 for row in self.rows if row.snapshot)


def entry_status(*, regencies: QuerySet[Regency], as_of: datetime.date) -> list[ProvinceEntryStatus]:
    """For each of `regencies`, grouped by province: its snapshot as of the date, if entered, and its latest one."""
    regencies = list(regencies.select_related("province").order_by("code"))
    ids = [regency.pk for regency in regencies]
    on_date = snapshots_on(regency_ids=ids, as_of=as_of)
    latest = previous_snapshots(regency_ids=ids, before=as_of + datetime.timedelta(days=1))
    groups: dict[int, ProvinceEntryStatus] = {}
    for regency in regencies:
        group = groups.setdefault(regency.province_id, ProvinceEntryStatus(province=regency.province, rows=[]))
        group.rows.append(EntryStatus(regency=regency, snapshot=on_date.get(regency.pk),
                                      latest=latest.get(regency.pk)))
    return list(groups.values())


@dataclass(frozen=True)
class Revision:
    when: datetime.datetime
    who: object
    why: str
    created: bool
    changes: list[tuple[str, object, object]]  # (field label, old value, new value)


# What a person reads in a revision; the version and the users are bookkeeping.
REVISION_FIELDS = ("as_of", "participants", "working_population", "pu", "bpu", "jakon", "pmi", "source", "note")


def snapshot_revisions(snapshot: CoverageSnapshot) -> list[Revision]:
    """Every revision of a snapshot, newest first: who, when, why, and each field's old and new value."""
    labels = {name: CoverageSnapshot._meta.get_field(name).verbose_name for name in REVISION_FIELDS}
    revisions, previous = [], None
    for record in snapshot.history.select_related("history_user").order_by("history_date", "history_id"):
        changes = [
            (labels[name], None if previous is None else getattr(previous, name), getattr(record, name))
            for name in REVISION_FIELDS
            if (previous is None and getattr(record, name) not in (None, ""))
            or (previous is not None and getattr(previous, name) != getattr(record, name))
        ]
        revisions.append(Revision(when=record.history_date, who=record.history_user,
                                  why=record.history_change_reason or "", created=previous is None,
                                  changes=changes))
        previous = record
    return revisions[::-1]


def assignments_of(user) -> QuerySet:
    """The places a user is assigned to enter data for, provinces first."""
    return user.assignments.select_related("province", "regency").order_by("regency", "province__code",
                                                                           "regency__code")
