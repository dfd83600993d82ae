"""The field staff's reads: which of their regencies have figures for a cut-off date."""
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from coverage.models import CoverageSnapshot, Regency
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
