"""The history of figures: the /history/ list and its export, a regency's snapshots, a province's trend."""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast

from coverage import arithmetic
from coverage.models import CoverageSnapshot
from coverage.snapshots.selectors import Figures, counted
from coverage.web.cached import cached_read

HISTORY_COLUMNS = (
    "code", "regency", "province", "as_of", "participants", "working_population", "coverage_pct",
    *CoverageSnapshot.SEGMENTS, "source", "status",
)


def history_snapshots() -> QuerySet[CoverageSnapshot]:
    """Every snapshot for the history list, newest first; the page's filter (filters.py) narrows it.

    `coverage_ratio` is there to sort by coverage in the database (rounding keeps the order).
    """
    return CoverageSnapshot.objects.select_related("regency__province").alias(
        coverage_ratio=Cast("participants", models.FloatField()) / Cast("working_population", models.FloatField())
    ).order_by("-as_of", "regency__code")


def history_export_rows(snapshots: QuerySet[CoverageSnapshot]):
    """The export rows (HISTORY_COLUMNS) of already filtered and sorted snapshots, read in chunks."""
    for row in snapshots.values_list(
        "regency__code", "regency__name", "regency__province__name", "as_of", "participants", "working_population",
        *CoverageSnapshot.SEGMENTS, "source", "status",
    ).iterator(chunk_size=2000):
        yield (*row[:6], arithmetic.coverage_percent(row[4], row[5]), *row[6:])


@dataclass(frozen=True)
class HistoryRow:
    """One snapshot of a regency with its coverage and the change since the one before."""

    snapshot: CoverageSnapshot
    coverage_pct: Decimal
    change_pp: Decimal | None


@cached_read
def regency_history(*, regency, as_of: datetime.date, figures: str = Figures.ALL) -> list[HistoryRow]:
    """Every counted snapshot of a regency up to `as_of`, newest first, with coverage and change in points (one
    query)."""
    rows, previous_pct = [], None
    for snapshot in regency.snapshots.filter(counted(figures), as_of__lte=as_of).order_by("as_of"):
        pct = snapshot.coverage_percent
        rows.append(HistoryRow(snapshot, pct, None if previous_pct is None else pct - previous_pct))
        previous_pct = pct
    return rows[::-1]


# --- One province's page: its trend over the cut-offs and where the missing workers are ------------


@dataclass(frozen=True)
class TrendPoint:
    """A province's roll-up at one cut-off: sums of each regency's latest snapshot on or before it.

    `regencies_reporting` have a figure on or before the cut-off; `regencies_reported` one dated that very day,
    the others' figures are carried forward from an earlier cut-off.
    """

    as_of: datetime.date
    participants: int
    working_population: int
    regencies_reporting: int
    regencies_reported: int

    @property
    def regencies_carried_forward(self) -> int:
        return self.regencies_reporting - self.regencies_reported

    @property
    def coverage_pct(self) -> Decimal:
        return arithmetic.coverage_percent(self.participants, self.working_population)


@cached_read
def province_trend(*, province, as_of: datetime.date, figures: str = Figures.ALL) -> list[TrendPoint]:
    """The province's figure at every cut-off up to `as_of`, oldest first (one query).

    The running sums carry each regency's latest figure forward, as the roll-up of DESIGN.md does.
    """
    return _trend(CoverageSnapshot.objects.filter(counted(figures), regency__province=province, as_of__lte=as_of))


@cached_read
def national_trend(*, as_of: datetime.date, figures: str = Figures.ALL) -> list[TrendPoint]:
    """The nation's figure at every cut-off up to `as_of`, oldest first (one query), summed as a province's."""
    return _trend(CoverageSnapshot.objects.filter(counted(figures), as_of__lte=as_of))


def _trend(snapshots: QuerySet[CoverageSnapshot]) -> list[TrendPoint]:
    snapshots = snapshots.order_by("as_of").values_list("regency_id", "as_of", "participants", "working_population")
    latest, participants, population, points, reported = {}, 0, 0, [], 0
    for regency_id, cut_off, count, workers in snapshots:
        old_count, old_workers = latest.get(regency_id, (0, 0))
        participants += count - old_count
        population += workers - old_workers
        latest[regency_id] = (count, workers)
        if points and points[-1].as_of == cut_off:
            points.pop()
        else:
            reported = 0
        reported += 1  # one figure per regency and date: each row of this date is another regency reporting
        points.append(TrendPoint(cut_off, participants, population, len(latest), reported))
    return points


