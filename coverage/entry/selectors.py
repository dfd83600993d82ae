"""The field staff's reads: which of their regencies have figures for a cut-off date, and which month-ends are
still missing."""
import datetime
from dataclasses import dataclass

from django.db.models import Min, QuerySet

from coverage.models import CoverageSnapshot, Province, Regency
from coverage.reporting.deadlines import month_ends
from coverage.snapshots.selectors import latest_snapshots, snapshots_on


@dataclass(frozen=True)
class EntryStatus:
    """One regency on the entry home: entered for the cut-off or still missing."""

    regency: Regency
    snapshot: CoverageSnapshot | None  # dated exactly as of the cut-off: entered
    latest: CoverageSnapshot | None  # the latest on or before the cut-off, to show how old the last figure is


@dataclass(frozen=True)
class ProvinceEntryStatus:
    """The entry status of a province's regencies that the user may enter."""

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
    latest = {snapshot.regency_id: snapshot for snapshot in latest_snapshots(as_of=as_of, regency_ids=ids)}
    groups: dict[int, ProvinceEntryStatus] = {}
    for regency in regencies:
        group = groups.setdefault(regency.province_id, ProvinceEntryStatus(province=regency.province, rows=[]))
        group.rows.append(EntryStatus(regency=regency, snapshot=on_date.get(regency.pk),
                                      latest=latest.get(regency.pk)))
    return list(groups.values())


def returned_snapshots(*, regencies: QuerySet[Regency]) -> QuerySet[CoverageSnapshot]:
    """The figures of `regencies` that a supervisor returned, oldest cut-off first: field staff correct these first."""
    returned = CoverageSnapshot.objects.filter(regency__in=regencies, status=CoverageSnapshot.Status.RETURNED)
    return returned.select_related("regency", "reviewed_by").order_by("as_of", "regency__code")


@dataclass(frozen=True)
class MissingCutOff:
    """One month-end still missing in the user's places: by province, the regencies without a figure dated then."""

    as_of: datetime.date
    provinces: list[tuple[Province, list[Regency]]]

    @property
    def missing(self) -> int:
        return sum(len(regencies) for _province, regencies in self.provinces)


def backlog_start(through: datetime.date) -> datetime.date:
    """The backlog goes back to the first month-end of the year before `through`: older gaps are history."""
    return datetime.date(through.year - 1, 1, 31)


def entry_backlog(*, regencies: QuerySet[Regency], through: datetime.date) -> list[MissingCutOff]:
    """Every month-end from `backlog_start` to `through` at which some of `regencies` have no figure, newest first;
    two queries, whatever the history.

    A regency whose first figure is more recent than the start owes none from before it: it began reporting then.
    """
    start = backlog_start(through)
    regencies = list(regencies.select_related("province").annotate(first_figure=Min("snapshots__as_of"))
                     .order_by("province__code", "code"))
    entered = set(CoverageSnapshot.objects.filter(regency__in=[r.pk for r in regencies], as_of__range=(start, through))
                  .values_list("regency_id", "as_of"))
    backlog = []
    for as_of in reversed(month_ends(start, through)):
        by_province: dict[int, tuple[Province, list[Regency]]] = {}
        for regency in regencies:
            owes = regency.first_figure is None or regency.first_figure <= as_of
            if owes and (regency.pk, as_of) not in entered:
                by_province.setdefault(regency.province_id, (regency.province, []))[1].append(regency)
        if by_province:
            backlog.append(MissingCutOff(as_of=as_of, provinces=list(by_province.values())))
    return backlog
