"""The monthly report's reads: a province's (or the nation's) figure and outlook, its ranking, trend and sources.

Built on the rankings' selectors, so that the report shows exactly the figures of the ranking pages.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from coverage.history.selectors import TrendPoint, national_trend, province_trend
from coverage.models import Province, Regency
from coverage.rankings import selectors as rankings
from coverage.reporting.selectors import Rates, reporting_calendar
from coverage.snapshots.selectors import Figures, latest_sources


@dataclass(frozen=True)
class MonthlyReport:
    """What the report shows: a province's figure (a ranking row) or the nation's (national_overview's dict)."""

    as_of: datetime.date
    province: Province | None
    figure: object  # ProvinceRankRow of the province, or the national overview
    rows: list  # its regencies ranked, or the provinces ranked
    summary: dict  # ranking_summary of the rows
    trend: list[TrendPoint]
    targets: dict[int, Decimal]  # the province's targets of the report's source by year, for the chart
    figure_sources: list[str]
    timeliness: Rates  # the year's figures so far: expected, on time, late (DESIGN.md: Deadlines and reminders)

    @property
    def newest_cut_off(self) -> datetime.date | None:
        return self.figure.latest_as_of if self.province else self.figure["latest_cut_off"]


def monthly_report(*, as_of: datetime.date, source: str, province: Province | None,
                   figures: str = Figures.ALL) -> MonthlyReport:
    """The report of one province (its regencies ranked) or, without one, of the nation (the provinces ranked),
    of the figures that count (`figures=`)."""
    provinces = rankings.province_ranking(as_of=as_of, source=source, figures=figures)
    if province is None:
        return MonthlyReport(
            as_of=as_of, province=None, figure=rankings.national_overview(as_of=as_of, figures=figures), rows=provinces,
            summary=rankings.ranking_summary(provinces), trend=national_trend(as_of=as_of, figures=figures), targets={},
            figure_sources=latest_sources(as_of=as_of, figures=figures),
            timeliness=_timeliness(Regency.objects.all(), year=as_of.year),
        )
    regencies = rankings.regency_ranking(as_of=as_of, province=province, source=source, figures=figures)
    return MonthlyReport(
        as_of=as_of, province=province, figure=next(row for row in provinces if row.code == province.code),
        rows=regencies, summary=rankings.ranking_summary(regencies),
        trend=province_trend(province=province, as_of=as_of, figures=figures),
        targets=rankings.targets_by_year(targets=province.targets.all(), source=source),
        figure_sources=latest_sources(as_of=as_of, province=province, figures=figures),
        timeliness=_timeliness(province.regencies.all(), year=as_of.year),
    )


def _timeliness(regencies, *, year: int) -> Rates:
    """How many of the year's figures were expected by today, and how many of them came on time."""
    calendar = reporting_calendar(regencies=regencies, year=year)
    return calendar.rates(calendar.rows)
