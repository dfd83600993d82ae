"""/reporting/'s reads: each regency's timeliness at each month-end of a year, the rates per province, the export.

Three queries whatever the years of history: the regencies, the deadlines set for the year's cut-offs, and the
figures dated at those cut-offs (only the columns that timing needs).
"""
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from coverage import arithmetic
from coverage.models import CoverageSnapshot, Regency
from coverage.reporting import deadlines
from coverage.reporting.deadlines import Timeliness

EXPORT_COLUMNS = ("code", "regency", "province", "as_of", "deadline", "entered_at", "timeliness", "status")


@dataclass(frozen=True)
class Cell:
    """One regency at one cut-off: when its figure was first stored, and so whether it was on time."""

    as_of: datetime.date
    deadline: datetime.date
    timeliness: Timeliness
    entered_at: datetime.datetime | None  # the figure's creation; a correction never moves it
    status: str  # the figure's review state, "" without a figure

    @property
    def status_label(self) -> str:
        return CoverageSnapshot.Status(self.status).label if self.status else ""


@dataclass(frozen=True)
class RegencyRow:
    regency: Regency
    cells: list[Cell]


@dataclass(frozen=True)
class Rates:
    """Completeness and timeliness of some regencies over the cut-offs whose deadline has passed."""

    province: object  # None for the whole of what the page shows
    regencies: int
    expected: int  # regencies x cut-offs whose deadline has passed
    on_time: int
    late: int

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return self.expected - self.reported

    @property
    def completeness_pct(self):
        return arithmetic.share_percent(self.reported, self.expected)

    @property
    def on_time_pct(self):
        return arithmetic.share_percent(self.on_time, self.expected)


@dataclass(frozen=True)
class Calendar:
    """The regencies of a page x the month-ends of a year so far, each cell timed."""

    year: int
    today: datetime.date
    cut_offs: list[datetime.date]
    deadlines: dict[datetime.date, datetime.date]
    rows: list[RegencyRow]

    @property
    def columns(self) -> list[tuple[datetime.date, datetime.date]]:
        """Each cut-off with its deadline, in date order."""
        return [(as_of, self.deadlines[as_of]) for as_of in self.cut_offs]

    @property
    def expected_cut_offs(self) -> list[datetime.date]:
        """The cut-offs whose deadline has passed: their figures are expected (DHIS2's "expected reports")."""
        return [as_of for as_of in self.cut_offs if self.deadlines[as_of] < self.today]

    def rates(self, rows: list[RegencyRow], province=None) -> Rates:
        expected = set(self.expected_cut_offs)
        timed = [cell.timeliness for row in rows for cell in row.cells if cell.as_of in expected]
        return Rates(province=province, regencies=len(rows), expected=len(timed),
                     on_time=timed.count(Timeliness.ON_TIME), late=timed.count(Timeliness.LATE))

    def rates_by_province(self) -> list[Rates]:
        provinces: dict[int, list[RegencyRow]] = {}
        for row in self.rows:
            provinces.setdefault(row.regency.province_id, []).append(row)
        return [self.rates(rows, province=rows[0].regency.province) for rows in provinces.values()]


def cut_offs_of(year: int, *, today: datetime.date) -> list[datetime.date]:
    """The month-ends of `year` up to today: later ones cannot have figures yet."""
    return deadlines.month_ends(datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today))


def reporting_calendar(*, regencies: QuerySet[Regency], year: int, today: datetime.date | None = None) -> Calendar:
    """Each of `regencies` (by province, then code) at each month-end of `year` so far: on time, late, due or
    missing, and its review state."""
    today = today or timezone.localdate()
    cut_offs = cut_offs_of(year, today=today)
    due = deadlines.deadlines(cut_offs)
    regencies = list(regencies.select_related("province").order_by("province__code", "code"))
    figures = {
        (regency_id, as_of): (created_at, status)
        for regency_id, as_of, created_at, status in CoverageSnapshot.objects.filter(
            regency__in=[regency.pk for regency in regencies], as_of__in=cut_offs,
        ).values_list("regency_id", "as_of", "created_at", "status")
    } if cut_offs and regencies else {}
    rows = []
    for regency in regencies:
        cells = []
        for as_of in cut_offs:
            entered_at, status = figures.get((regency.pk, as_of), (None, ""))
            cells.append(Cell(as_of=as_of, deadline=due[as_of], entered_at=entered_at, status=status,
                              timeliness=deadlines.timeliness(deadline=due[as_of], entered_at=entered_at,
                                                              today=today)))
        rows.append(RegencyRow(regency=regency, cells=cells))
    return Calendar(year=year, today=today, cut_offs=cut_offs, deadlines=due, rows=rows)


def export_rows(calendar: Calendar):
    """One row per regency and cut-off in EXPORT_COLUMNS' order; `entered_at` in TIME_ZONE, with its offset."""
    for row in calendar.rows:
        for cell in row.cells:
            entered_at = timezone.localtime(cell.entered_at).isoformat(timespec="seconds") if cell.entered_at else None
            yield (row.regency.code, row.regency.name, row.regency.province.name, cell.as_of, cell.deadline,
                   entered_at, cell.timeliness.value, cell.status)
