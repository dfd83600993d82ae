"""The demo's targets: a Kemendagri target for every province and year, this year's fitted to the outlook that each
province is meant to show (DESIGN.md: Outlook); RPJMD targets for some regencies."""
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from coverage import arithmetic
from coverage.demo import figures
from coverage.models import CoverageSnapshot, Target

# The ratio of pace to the participants needed a month that this year's target is fitted to, well inside the
# outlook's bands (on track from 0.95, acceleration from 0.60, limited from 0), so that rounding never tips it.
FITTED_RATIO = {figures.ON_TRACK: Decimal("1.3"), figures.ACCELERATE: Decimal("0.78"), figures.LIMITED: Decimal("0.3")}
REACHED_BY = Decimal("1.00")  # points below the coverage
DETERIORATING_SHORT_BY = Decimal("2.50")  # points above it
RPJMD_SHARE = 0.12
BALI_PUBLISHED = {
    2024: (Decimal("60.00"), figures.DEMO_SOURCE),
    2025: (Decimal("67.28"), "Target Kemendagri 2025 untuk Bali (ANTARA, 2025)"),
}
BADUNG_RPJMD_2025 = Decimal("70.00")
HUNDRED = Decimal(100)


@dataclass
class ProvinceFigure:
    """A province as the pages show it on a date: sums of its regencies' latest counted figures, its pace."""

    participants: int = 0
    working_population: int = 0
    latest: datetime.date | None = None
    pace: Decimal = Decimal(0)

    @property
    def coverage(self) -> Decimal:
        return arithmetic.coverage_percent(self.participants, self.working_population)


def _year_before(day: datetime.date) -> datetime.date:
    return figures.month_ends(datetime.date(day.year - 1, day.month, 1), 1)[0]


def province_figures(rows: list[CoverageSnapshot], *, as_of: datetime.date) -> dict[str, ProvinceFigure]:
    """Province code -> its figure on `as_of`; a regency's pace runs from its earliest figure of the 12 months before
    its latest one (DESIGN.md: Outlook)."""
    by_regency = defaultdict(list)
    for row in rows:
        if row.as_of <= as_of:
            by_regency[row.regency].append(row)
    provinces = defaultdict(ProvinceFigure)
    for regency, history in by_regency.items():
        counted = [row for row in history if row.status != CoverageSnapshot.Status.RETURNED]
        if not counted:
            continue
        latest = max(counted, key=lambda row: row.as_of)
        province = provinces[regency.province.code]
        province.participants += latest.participants
        province.working_population += latest.working_population
        province.latest = max(province.latest or latest.as_of, latest.as_of)
        window = [row for row in history if _year_before(latest.as_of) <= row.as_of < latest.as_of]
        if window:
            base = min(window, key=lambda row: row.as_of)
            months = figures.months_between(base.as_of, latest.as_of)
            if months >= 3:
                province.pace += Decimal(latest.participants - base.participants) / months
    return provinces


def _percent(value: Decimal, rounding=ROUND_HALF_UP) -> Decimal:
    return min(HUNDRED, max(Decimal("0.01"), value.quantize(arithmetic.HUNDREDTHS, rounding=rounding)))


def fitted_target(outlook: str, figure: ProvinceFigure, *, year: int, floor: Decimal | None = None) -> Decimal:
    """This year's target that gives `figure` the outlook wanted for it."""
    if outlook == figures.REACHED:
        return _percent(figure.coverage - REACHED_BY)
    if outlook == figures.DETERIORATING:
        return _percent(figure.coverage + DETERIORATING_SHORT_BY)
    months_left = figures.months_between(figure.latest, datetime.date(year, 12, 31))
    needed = figure.pace / FITTED_RATIO[outlook] * months_left
    target = _percent((figure.participants + needed) * HUNDRED / figure.working_population, rounding=ROUND_CEILING)
    # Limited progress stays so whatever the target's height: keep it above last year's, as targets go.
    return max(target, floor) if outlook == figures.LIMITED and floor is not None else target


def kemendagri_targets(rows, *, provinces, profiles, today: datetime.date) -> list[Target]:
    """A Kemendagri target for every province and every year from the demo's first to this one."""
    targets = []
    past = {year: province_figures(rows, as_of=datetime.date(year, 12, 31))
            for year in range(figures.FIRST_MONTH.year, today.year)}
    now = province_figures(rows, as_of=today)
    for province in provinces:
        rng = random.Random(f"ucj-demo:targets:{province.code}")
        previous = None
        for year in range(figures.FIRST_MONTH.year, today.year + 1):
            percent, note = BALI_PUBLISHED.get(year, (None, figures.DEMO_SOURCE)) if province.code == figures.BALI \
                else (None, figures.DEMO_SOURCE)
            if percent is None and year < today.year:
                percent = _percent(past[year][province.code].coverage + Decimal(rng.uniform(-1.5, 2.5)))
            elif percent is None:
                floor = previous + 1 if previous is not None else None
                percent = fitted_target(profiles[province.code].outlook, now[province.code], year=year, floor=floor)
            targets.append(Target(province=province, year=year, percent=percent, note=note,
                                  source=Target.Source.KEMENDAGRI))
            previous = percent
    return targets


def rpjmd_targets(regencies, *, profiles, today: datetime.date) -> list[Target]:
    """RPJMD targets for about one regency in eight (Badung's of 2025 among them), rising two points a year."""
    targets = []
    for regency in regencies:
        if regency.code != "51.03" and random.Random(f"ucj-demo:rpjmd:{regency.code}").random() >= RPJMD_SHARE:
            continue
        profile = figures.regency_profile(regency.code, regency.kind, profiles[regency.province.code])
        coverage = arithmetic.coverage_percent(profile.participants, profile.working_population)
        for year in range(figures.FIRST_MONTH.year, today.year + 1):
            percent = _percent(coverage + 3 + 2 * (year - 2024))
            if regency.code == "51.03" and year == 2025:
                percent = BADUNG_RPJMD_2025
            targets.append(Target(regency=regency, year=year, percent=percent, note=figures.DEMO_SOURCE,
                                  source=Target.Source.RPJMD))
    return targets
