"""The officials' reads: places ranked against their targets, the national figure, and a place's targets.

Pages, exports (and the API) share these selectors: each figure is computed here once, from the stored counts.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum

from coverage import arithmetic
from coverage.models import CoverageSnapshot, Province, Regency, Target
from coverage.outlook import statuses as outlook
from coverage.outlook.arithmetic import whole
from coverage.outlook.selectors import regency_paces
from coverage.rankings.statuses import TargetStatus, stale_before, target_status
from coverage.snapshots.selectors import Figures, counted, latest_snapshots
from coverage.web.cached import cached_read


@cached_read
def national_overview(*, as_of: datetime.date, figures: str = Figures.ALL) -> dict:
    """The national figure as of a date: sums of every regency's latest counted snapshot."""
    totals = latest_snapshots(as_of=as_of, figures=figures).aggregate(
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


def first_cut_off(*, figures: str = Figures.ALL) -> datetime.date | None:
    """The date of the oldest counted figure: a page dated before it can link to it instead of showing nothing."""
    return CoverageSnapshot.objects.filter(counted(figures)).aggregate(first=Min("as_of"))["first"]


# The outlook's keys come last in both exports (DESIGN.md: Outlook).
OUTLOOK_COLUMNS = ("pace_per_month", "needed_per_month", "projected_pct", "outlook")
REGENCY_RANKING_COLUMNS = (
    "rank", "code", "regency", "province", "as_of", "participants", "working_population",
    "coverage_pct", "target_pct", "gap_pp", "participants_needed", "change_pp", "status", *OUTLOOK_COLUMNS,
)
PROVINCE_RANKING_COLUMNS = (
    "rank", "code", "province", "regencies_reporting", "regencies_total", "participants", "working_population",
    "coverage_pct", "target_pct", "gap_pp", "participants_needed", "regencies_approved", *OUTLOOK_COLUMNS,
)


@dataclass(slots=True)
class _Ranked:
    """What every ranked row has: the figure, its distance to the target, and its place in the ranking."""

    participants: int | None = None
    working_population: int | None = None
    coverage_pct: Decimal | None = None
    target_pct: Decimal | None = None
    gap_pp: Decimal | None = None
    participants_needed: int | None = None
    target_status: str | None = None  # reached, close or behind (statuses.py)
    rank: int | None = None
    is_highest: bool = False
    is_lowest: bool = False
    # The outlook (DESIGN.md: Outlook): `pace` is exact (a province's is the sum of its regencies'), over
    # `pace_months` whole months (a province's where all its regencies' paces share them).
    pace: Decimal | None = None
    pace_months: int | None = None
    months_left: int | None = None
    needed_per_month: int | None = None
    projected_pct: Decimal | None = None
    outlook: str | None = None
    # The chart's dashed line: (date, coverage %) of the figure, then of 31 December at the pace.
    projection: tuple | None = None

    @property
    def has_data(self) -> bool:
        return self.coverage_pct is not None

    @property
    def target_status_label(self) -> str:
        return TargetStatus(self.target_status).label if self.target_status else ""

    @property
    def pace_per_month(self) -> int | None:
        """The pace as pages and exports show it: whole participants a month."""
        return None if self.pace is None else whole(self.pace)

    @property
    def outlook_label(self) -> str:
        return outlook.Outlook(self.outlook).label if self.outlook else ""

    @property
    def outlook_mark(self) -> str:
        return outlook.MARKS[self.outlook] if self.outlook else ""

    @property
    def outlook_order(self) -> int | None:
        """Sorting by outlook sorts from reached to pace unknown, places without an outlook last."""
        return outlook.ORDER[self.outlook] if self.outlook else None

    def measure(self, participants: int, working_population: int, target_pct: Decimal | None) -> None:
        self.participants, self.working_population = participants, working_population
        self.coverage_pct = arithmetic.coverage_percent(participants, working_population)
        if target_pct is not None:
            self.gap_pp = arithmetic.gap_points(target_pct, self.coverage_pct)
            self.participants_needed = arithmetic.participants_needed(target_pct, working_population, participants)
            self.target_status = target_status(self.gap_pp)

    def foresee(self, *, as_of: datetime.date, year: int, pace: Decimal | None, pace_months: int | None) -> None:
        """The outlook of the measured figure, dated `as_of`, against the target of `year`."""
        self.pace, self.pace_months = pace, pace_months
        foresight = outlook.foresee(
            participants=self.participants, working_population=self.working_population, as_of=as_of, year=year,
            gap_pp=self.gap_pp, participants_needed=self.participants_needed, pace=pace,
        )
        self.months_left, self.needed_per_month = foresight.months_left, foresight.needed_per_month
        self.projected_pct, self.outlook = foresight.projected_pct, foresight.outlook
        if self.projected_pct is not None and self.months_left:
            self.projection = ((as_of, self.coverage_pct), (datetime.date(year, 12, 31), self.projected_pct))


@dataclass(slots=True)
class RegencyRankRow(_Ranked):
    """One regency in the ranking; attribute names are the export's column keys."""

    code: str = ""
    regency: str = ""
    province_code: str = ""
    province: str = ""
    as_of: datetime.date | None = None
    change_pp: Decimal | None = None
    stale: bool = False
    status: str | None = None  # the figure's review status: approved, or submitted (provisional)

    @property
    def provisional(self) -> bool:
        return self.status == CoverageSnapshot.Status.SUBMITTED

    def export_row(self) -> tuple:
        return tuple(getattr(self, key) for key in REGENCY_RANKING_COLUMNS)


@dataclass(slots=True)
class ProvinceRankRow(_Ranked):
    """One province in the ranking, from the sums of its regencies' latest snapshots."""

    code: str = ""
    province: str = ""
    regencies_reporting: int = 0
    regencies_total: int = 0
    regencies_stale: int = 0
    regencies_with_pace: int = 0
    regencies_approved: int = 0
    latest_as_of: datetime.date | None = None

    @property
    def provisional(self) -> bool:
        """Some of the figures summed are not approved yet."""
        return self.regencies_approved < self.regencies_reporting

    def export_row(self) -> tuple:
        return tuple(getattr(self, key) for key in PROVINCE_RANKING_COLUMNS)


def _rank(rows: list) -> list:
    """Highest coverage first with competition ranks (1, 2, 2, 4); rows without data follow, unranked.

    Ties are decided on the published, rounded percentage, so that equal figures on the page share a rank.
    """
    ranked = sorted((row for row in rows if row.has_data), key=lambda row: (-row.coverage_pct, row.code))
    previous = None
    for position, row in enumerate(ranked, start=1):
        row.rank = previous.rank if previous and previous.coverage_pct == row.coverage_pct else position
        previous = row
    for row in ranked:
        row.is_highest = row.rank == 1
        row.is_lowest = row.rank == ranked[-1].rank and len(ranked) > 1
    return ranked + [row for row in rows if not row.has_data]


def _targets(*, year: int, source: str, province=None) -> tuple[dict, dict]:
    """Targets of one year and source, by province id and by regency id (one query)."""
    targets = Target.objects.filter(year=year, source=source)
    if province is not None:
        targets = targets.filter(Q(province=province) | Q(regency__province=province))
    by_province, by_regency = {}, {}
    for province_id, regency_id, percent in targets.values_list("province_id", "regency_id", "percent"):
        if regency_id is None:
            by_province[province_id] = percent
        else:
            by_regency[regency_id] = percent
    return by_province, by_regency


@cached_read
def regency_ranking(
    *, as_of: datetime.date, province=None, source: str = Target.Source.KEMENDAGRI, figures: str = Figures.ALL
) -> list[RegencyRankRow]:
    """Regencies ranked by coverage as of a date, against their target of `source`, with their outlook; four queries.

    Each regency's latest snapshot on or before `as_of` counts, compared with its previous one; its
    target is its own for that year and source, else its province's. Regencies without any snapshot
    follow the ranked ones.
    """
    regencies = Regency.objects.order_by("code").values_list(
        "pk", "code", "name", "province_id", "province__code", "province__name"
    )
    if province is not None:
        regencies = regencies.filter(province=province)
    previous = CoverageSnapshot.objects.filter(
        counted(figures), regency=OuterRef("regency"), as_of__lt=OuterRef("as_of")
    ).order_by("-as_of")
    latest = {
        row[0]: row[1:]
        for row in latest_snapshots(as_of=as_of, province=province, figures=figures)
        .order_by()
        .annotate(
            previous_participants=Subquery(previous.values("participants")[:1]),
            previous_working_population=Subquery(previous.values("working_population")[:1]),
        )
        .values_list(
            "regency_id", "as_of", "participants", "status", "working_population",
            "previous_participants", "previous_working_population",
        )
    }
    province_targets, regency_targets = _targets(year=as_of.year, source=source, province=province)
    stale_from = stale_before(as_of)
    paces = regency_paces(figures={pk: figure[:2] for pk, figure in latest.items()}, counting=figures)
    rows = []
    for pk, code, name, province_id, province_code, province_name in regencies:
        row = RegencyRankRow(code=code, regency=name, province_code=province_code, province=province_name)
        row.target_pct = regency_targets.get(pk, province_targets.get(province_id))
        if pk in latest:
            (row.as_of, participants, row.status, working_population,
             previous_participants, previous_population) = latest[pk]
            row.measure(participants, working_population, row.target_pct)
            row.stale = row.as_of < stale_from
            if previous_population:
                previous_pct = arithmetic.coverage_percent(previous_participants, previous_population)
                row.change_pp = row.coverage_pct - previous_pct
            pace = paces.get(pk)
            row.foresee(as_of=row.as_of, year=as_of.year, pace=pace.per_month if pace else None,
                        pace_months=pace.months if pace else None)
        rows.append(row)
    return _rank(rows)


@dataclass(slots=True)
class _ProvinceSums:
    """A province's roll-up of its regencies' latest figures, and of the paces of those that have one."""

    participants: int = 0
    working_population: int = 0
    reporting: int = 0
    stale: int = 0
    latest: datetime.date | None = None
    pace: Decimal | None = None
    pace_months: set = field(default_factory=set)
    with_pace: int = 0
    approved: int = 0


def _province_sums(*, as_of: datetime.date, figures: str) -> dict[int, _ProvinceSums]:
    """Province id -> the sums of its regencies' latest snapshots on or before `as_of` and their paces; two queries.

    Summed here rather than in the database: each regency's pace needs its own figure (DESIGN.md: Outlook).
    """
    stale_from = stale_before(as_of)
    latest = list(
        latest_snapshots(as_of=as_of, figures=figures).order_by().values_list(
            "regency_id", "regency__province_id", "as_of", "participants", "working_population", "status"
        )
    )
    paces = regency_paces(figures={regency_id: (cut_off, count) for regency_id, _p, cut_off, count, _w, _s in latest},
                          counting=figures)
    sums = defaultdict(_ProvinceSums)
    for regency_id, province_id, cut_off, participants, working_population, status in latest:
        figure = sums[province_id]
        figure.participants += participants
        figure.working_population += working_population
        figure.reporting += 1
        figure.stale += cut_off < stale_from
        figure.approved += status == CoverageSnapshot.Status.APPROVED
        figure.latest = max(figure.latest or cut_off, cut_off)
        if pace := paces.get(regency_id):
            figure.pace = (figure.pace or 0) + pace.per_month
            figure.pace_months.add(pace.months)
            figure.with_pace += 1
    return sums


@cached_read
def province_ranking(*, as_of: datetime.date, source: str = Target.Source.KEMENDAGRI,
                     figures: str = Figures.ALL) -> list[ProvinceRankRow]:
    """Provinces ranked by the sums of their regencies' latest counted snapshots, against their own target; four
    queries.

    A province's pace is the sum of its regencies' paces; its outlook's other figures come from its sums, as of
    its newest figure.
    """
    sums = _province_sums(as_of=as_of, figures=figures)
    province_targets, _regency_targets = _targets(year=as_of.year, source=source)
    rows = []
    for province in Province.objects.order_by("code").annotate(total=Count("regencies")):
        row = ProvinceRankRow(code=province.code, province=province.name, regencies_total=province.total)
        row.target_pct = province_targets.get(province.pk)
        if figure := sums.get(province.pk):
            row.regencies_reporting, row.regencies_stale = figure.reporting, figure.stale
            row.latest_as_of, row.regencies_with_pace = figure.latest, figure.with_pace
            row.regencies_approved = figure.approved
            row.measure(figure.participants, figure.working_population, row.target_pct)
            months = next(iter(figure.pace_months)) if len(figure.pace_months) == 1 else None
            row.foresee(as_of=figure.latest, year=as_of.year, pace=figure.pace, pace_months=months)
        rows.append(row)
    return _rank(rows)


def ranking_summary(rows) -> dict:
    """How many places of a ranking reached their target, are close, behind, without a target or without data;
    `outlooks`: each outlook (its legend entry) with how many places have it."""
    summary = dict.fromkeys(TargetStatus.values, 0) | {"no_target": 0, "no_data": 0, "stale": 0}
    outlooks = dict.fromkeys(outlook.Outlook.values, 0)
    for row in rows:
        if not row.has_data:
            summary["no_data"] += 1
            continue
        summary[row.target_status or "no_target"] += 1
        summary["stale"] += bool(getattr(row, "stale", False) or getattr(row, "regencies_stale", 0))
        if row.outlook:
            outlooks[row.outlook] += 1
    return summary | {"outlooks": [(entry, outlooks[entry.value]) for entry in outlook.legend()]}


def with_outlook(rows, outlook_value: str | None) -> list:
    """The rows whose outlook is `outlook_value` (all rows for None), keeping their ranks in the whole ranking."""
    return list(rows) if outlook_value is None else [row for row in rows if row.outlook == outlook_value]


# --- A place's targets and the workers it still needs ---------------------------------------------------

def regency_targets(*, regency) -> QuerySet[Target]:
    """The targets that can apply to a regency: its own and its province's, every year and source."""
    # The regency's own target first: where it exists, it is the one that applies.
    return Target.objects.filter(Q(regency=regency) | Q(province=regency.province_id)).order_by(
        "-year", "source", F("regency").asc(nulls_last=True)
    )


def targets_by_year(*, targets, source: str) -> dict[int, Decimal]:
    """Year -> target % of one source, a regency's own target winning over its province's."""
    by_year = {}
    for target in sorted(targets, key=lambda t: t.regency_id is not None):  # province's first, own overrides
        if target.source == source:
            by_year[target.year] = target.percent
    return by_year


@dataclass(frozen=True)
class NeededShares:
    """Each regency's share (%) of the workers its province's regencies still need, and the largest shares."""

    by_code: dict[str, Decimal]
    biggest: list  # the ranking rows with the largest shares, largest first

    @property
    def biggest_total(self) -> Decimal:
        return sum((self.by_code[row.code] for row in self.biggest), Decimal(0))

    def bar_length(self, code: str) -> Decimal:
        """The length of a regency's share bar out of 100, the largest share filling the whole bar."""
        share = self.by_code.get(code)
        if not share:
            return Decimal(0)
        return (share / self.by_code[self.biggest[0].code] * 100).quantize(Decimal("0.1"))


def needed_shares(rows, *, biggest: int = 3) -> NeededShares:
    """How the workers still needed split over a province's regencies (rows of `regency_ranking`)."""
    total = sum(row.participants_needed or 0 for row in rows)
    by_code = {
        row.code: arithmetic.coverage_percent(row.participants_needed, total) for row in rows if row.participants_needed
    }
    largest = sorted((row for row in rows if row.code in by_code), key=lambda row: -by_code[row.code])
    return NeededShares(by_code, largest[:biggest])


