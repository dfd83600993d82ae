"""Every read that pages and exports share."""
import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from coverage import arithmetic
from coverage.filters import SnapshotHistoryFilter
from coverage.models import CoverageSnapshot, Province, Regency, Target


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


# --- Rankings (regencies and provinces against their targets) -------------------------------------

# A figure dated more than this many months before the ranking's date is marked stale.
STALE_AFTER_MONTHS = 3
# Within this many percentage points below the target a place counts as close.
CLOSE_WITHIN_POINTS = Decimal(5)

REGENCY_RANKING_COLUMNS = (
    "rank", "code", "regency", "province", "as_of", "participants", "working_population",
    "coverage_pct", "target_pct", "gap_pp", "participants_needed", "change_pp",
)
PROVINCE_RANKING_COLUMNS = (
    "rank", "code", "province", "regencies_reporting", "regencies_total", "participants", "working_population",
    "coverage_pct", "target_pct", "gap_pp", "participants_needed",
)


class TargetStatus(models.TextChoices):
    REACHED = "reached", _("reached")
    CLOSE = "close", _("close")
    BEHIND = "behind", _("behind")


def stale_before(as_of: datetime.date) -> datetime.date:
    """Figures dated before this day are stale as of `as_of`: the same day three months earlier (clamped)."""
    months = as_of.year * 12 + as_of.month - 1 - STALE_AFTER_MONTHS
    year, month = divmod(months, 12)
    month += 1
    return datetime.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def target_status(gap_pp: Decimal | None) -> str | None:
    """Reached (no gap left), close (within 5 points) or behind; None without a target."""
    if gap_pp is None:
        return None
    if gap_pp <= 0:
        return TargetStatus.REACHED
    return TargetStatus.CLOSE if gap_pp <= CLOSE_WITHIN_POINTS else TargetStatus.BEHIND


@dataclass(slots=True)
class _Ranked:
    """What every ranked row has: the figure, its distance to the target, and its place in the ranking."""

    participants: int | None = None
    working_population: int | None = None
    coverage_pct: Decimal | None = None
    target_pct: Decimal | None = None
    gap_pp: Decimal | None = None
    participants_needed: int | None = None
    status: str | None = None
    rank: int | None = None
    is_highest: bool = False
    is_lowest: bool = False

    @property
    def has_data(self) -> bool:
        return self.coverage_pct is not None

    @property
    def status_label(self) -> str:
        return TargetStatus(self.status).label if self.status else ""

    def measure(self, participants: int, working_population: int, target_pct: Decimal | None) -> None:
        self.participants, self.working_population = participants, working_population
        self.coverage_pct = arithmetic.coverage_percent(participants, working_population)
        if target_pct is not None:
            self.gap_pp = arithmetic.gap_points(target_pct, self.coverage_pct)
            self.participants_needed = arithmetic.participants_needed(target_pct, working_population, participants)
            self.status = target_status(self.gap_pp)


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
    latest_as_of: datetime.date | None = None

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


def regency_ranking(
    *, as_of: datetime.date, province=None, source: str = Target.Source.KEMENDAGRI
) -> list[RegencyRankRow]:
    """Regencies ranked by coverage as of a date, against their target of `source`; three queries.

    Each regency's latest snapshot on or before `as_of` counts, compared with its previous one; its
    target is its own for that year and source, else its province's. Regencies without any snapshot
    follow the ranked ones.
    """
    regencies = Regency.objects.order_by("code").values_list(
        "pk", "code", "name", "province_id", "province__code", "province__name"
    )
    if province is not None:
        regencies = regencies.filter(province=province)
    previous = CoverageSnapshot.objects.filter(regency=OuterRef("regency"), as_of__lt=OuterRef("as_of")).order_by(
        "-as_of"
    )
    latest = {
        row[0]: row[1:]
        for row in latest_snapshots(as_of=as_of, province=province)
        .order_by()
        .annotate(
            previous_participants=Subquery(previous.values("participants")[:1]),
            previous_working_population=Subquery(previous.values("working_population")[:1]),
        )
        .values_list(
            "regency_id", "as_of", "participants", "working_population",
            "previous_participants", "previous_working_population",
        )
    }
    province_targets, regency_targets = _targets(year=as_of.year, source=source, province=province)
    stale_from = stale_before(as_of)
    rows = []
    for pk, code, name, province_id, province_code, province_name in regencies:
        row = RegencyRankRow(code=code, regency=name, province_code=province_code, province=province_name)
        row.target_pct = regency_targets.get(pk, province_targets.get(province_id))
        if pk in latest:
            row.as_of, participants, working_population, previous_participants, previous_population = latest[pk]
            row.measure(participants, working_population, row.target_pct)
            row.stale = row.as_of < stale_from
            if previous_population:
                previous_pct = arithmetic.coverage_percent(previous_participants, previous_population)
                row.change_pp = row.coverage_pct - previous_pct
        rows.append(row)
    return _rank(rows)


def province_ranking(*, as_of: datetime.date, source: str = Target.Source.KEMENDAGRI) -> list[ProvinceRankRow]:
    """Provinces ranked by the sums of their regencies' latest snapshots, against their own target; three queries."""
    stale_from = stale_before(as_of)
    sums = {
        row["regency__province_id"]: row
        for row in latest_snapshots(as_of=as_of)
        .order_by()
        .values("regency__province_id")
        .annotate(
            participants_sum=Sum("participants"),
            working_population_sum=Sum("working_population"),
            reporting=Count("pk"),
            stale=Count("pk", filter=Q(as_of__lt=stale_from)),
            latest=Max("as_of"),
        )
    }
    province_targets, _regency_targets = _targets(year=as_of.year, source=source)
    rows = []
    for province in Province.objects.order_by("code").annotate(total=Count("regencies")):
        row = ProvinceRankRow(code=province.code, province=province.name, regencies_total=province.total)
        row.target_pct = province_targets.get(province.pk)
        if figure := sums.get(province.pk):
            row.regencies_reporting, row.regencies_stale = figure["reporting"], figure["stale"]
            row.latest_as_of = figure["latest"]
            row.measure(figure["participants_sum"], figure["working_population_sum"], row.target_pct)
        rows.append(row)
    return _rank(rows)


def ranking_summary(rows) -> dict[str, int]:
    """How many places of a ranking reached their target, are close, behind, without a target or without data."""
    summary = dict.fromkeys(TargetStatus.values, 0) | {"no_target": 0, "no_data": 0, "stale": 0}
    for row in rows:
        if not row.has_data:
            summary["no_data"] += 1
            continue
        summary[row.status or "no_target"] += 1
        summary["stale"] += bool(getattr(row, "stale", False) or getattr(row, "regencies_stale", 0))
    return summary

# --- One regency's page: its history, targets, revisions, and who may correct it ---------------------

@dataclass(frozen=True)
class HistoryRow:
    """One snapshot of a regency with its coverage and the change since the one before."""

    snapshot: CoverageSnapshot
    coverage_pct: Decimal
    change_pp: Decimal | None


def regency_history(*, regency) -> list[HistoryRow]:
    """Every snapshot of a regency, newest first, with coverage and change in points (one query)."""
    rows, previous_pct = [], None
    for snapshot in regency.snapshots.order_by("as_of"):
        pct = snapshot.coverage_percent
        rows.append(HistoryRow(snapshot, pct, None if previous_pct is None else pct - previous_pct))
        previous_pct = pct
    return rows[::-1]


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


# --- Revisions of snapshots (regency page, entry edit page) -------------------------------------


@dataclass(frozen=True)
class Revision:
    """One stored version of a snapshot: who, when, why, and each field's old and new value."""

    when: datetime.datetime
    who: object
    why: str
    created: bool
    changes: list[tuple[str, object, object]]  # (field label, old value, new value)
    as_of: datetime.date | None = None  # the snapshot's cut-off, for lists that span several snapshots
    deleted: bool = False


# What a person reads in a revision; the version and the users are bookkeeping.
REVISION_FIELDS = ("as_of", "participants", "working_population", "pu", "bpu", "jakon", "pmi", "source", "note")


def _revisions(records) -> list[Revision]:
    """Revisions from history records ordered by snapshot, then time; newest first.

    Each record is compared with the one before it of the same snapshot; a creation lists every value it was given.
    """
    labels = {name: CoverageSnapshot._meta.get_field(name).verbose_name for name in REVISION_FIELDS}
    revisions, previous = [], None
    for record in records:
        if previous is not None and previous.id != record.id:
            previous = None
        changes = [
            (labels[name], None if previous is None else getattr(previous, name), getattr(record, name))
            for name in REVISION_FIELDS
            if (previous is None and getattr(record, name) not in (None, ""))
            or (previous is not None and getattr(previous, name) != getattr(record, name))
        ]
        revisions.append(Revision(when=record.history_date, who=record.history_user,
                                  why=record.history_change_reason or "", created=previous is None,
                                  changes=changes, as_of=record.as_of, deleted=record.history_type == "-"))
        previous = record
    order = sorted(range(len(revisions)), key=lambda i: revisions[i].when, reverse=True)
    return [revisions[i] for i in order]


def snapshot_revisions(snapshot: CoverageSnapshot) -> list[Revision]:
    """Every revision of a snapshot, newest first: who, when, why, and each field's old and new value."""
    return _revisions(snapshot.history.select_related("history_user").order_by("history_date", "history_id"))


def regency_revisions(*, regency, limit: int = 100) -> tuple[list[Revision], int]:
    """The latest `limit` revisions of a regency's snapshots, newest first, and how many there are (one query)."""
    revisions = _revisions(CoverageSnapshot.history.filter(regency=regency).select_related("history_user").order_by(
        "id", "history_date", "history_id"
    ))
    return revisions[:limit], len(revisions)


# --- One province's page: its trend over the cut-offs and where the missing workers are ------------


@dataclass(frozen=True)
class TrendPoint:
    """A province's roll-up at one cut-off: sums of each regency's latest snapshot on or before it."""

    as_of: datetime.date
    participants: int
    working_population: int
    regencies_reporting: int

    @property
    def coverage_pct(self) -> Decimal:
        return arithmetic.coverage_percent(self.participants, self.working_population)


def province_trend(*, province, as_of: datetime.date) -> list[TrendPoint]:
    """The province's figure at every cut-off up to `as_of`, oldest first (one query).

    The running sums carry each regency's latest figure forward, as the roll-up of DESIGN.md does.
    """
    snapshots = CoverageSnapshot.objects.filter(regency__province=province, as_of__lte=as_of).order_by(
        "as_of"
    ).values_list("regency_id", "as_of", "participants", "working_population")
    latest, participants, population, points = {}, 0, 0, []
    for regency_id, cut_off, count, workers in snapshots:
        old_count, old_workers = latest.get(regency_id, (0, 0))
        participants += count - old_count
        population += workers - old_workers
        latest[regency_id] = (count, workers)
        if points and points[-1].as_of == cut_off:
            points.pop()
        points.append(TrendPoint(cut_off, participants, population, len(latest)))
    return points


@dataclass(frozen=True)
class NeededShares:
    """Each regency's share (%) of the workers its province's regencies still need, and the largest shares."""

    by_code: dict[str, Decimal]
    biggest: list  # the ranking rows with the largest shares, largest first

    @property
    def biggest_total(self) -> Decimal:
        return sum((self.by_code[row.code] for row in self.biggest), Decimal(0))


def needed_shares(rows, *, biggest: int = 3) -> NeededShares:
    """How the workers still needed split over a province's regencies (rows of `regency_ranking`)."""
    total = sum(row.participants_needed or 0 for row in rows)
    by_code = {
        row.code: arithmetic.coverage_percent(row.participants_needed, total) for row in rows if row.participants_needed
    }
    largest = sorted((row for row in rows if row.code in by_code), key=lambda row: -by_code[row.code])
    return NeededShares(by_code, largest[:biggest])


# --- History of snapshots (/history/ and its export) ------------------------------------------------

HISTORY_COLUMNS = (
    "code", "regency", "province", "as_of", "participants", "working_population", "coverage_pct",
    "pu", "bpu", "jakon", "pmi", "source",
)


def snapshot_history(*, filters=None) -> QuerySet[CoverageSnapshot]:
    """Snapshots chosen by the history filter, newest first; parameters that do not validate are left out.

    `coverage_ratio` is there to sort by coverage in the database (rounding keeps the order).
    """
    snapshots = CoverageSnapshot.objects.select_related("regency__province").alias(
        coverage_ratio=Cast("participants", models.FloatField()) / Cast("working_population", models.FloatField())
    ).order_by("-as_of", "regency__code")
    return SnapshotHistoryFilter(filters, queryset=snapshots).qs


def history_export_rows(snapshots: QuerySet[CoverageSnapshot]):
    """The export rows (HISTORY_COLUMNS) of already filtered and sorted snapshots, read in chunks."""
    for row in snapshots.values_list(
        "regency__code", "regency__name", "regency__province__name", "as_of", "participants", "working_population",
        "pu", "bpu", "jakon", "pmi", "source",
    ).iterator(chunk_size=2000):
        yield (*row[:6], arithmetic.coverage_percent(row[4], row[5]), *row[6:])



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


def assignments_of(user) -> QuerySet:
    """The places a user is assigned to enter data for, provinces first."""
    return user.assignments.select_related("province", "regency").order_by("regency", "province__code",
                                                                           "regency__code")
