"""regency_ranking: competition ranks, gap, participants needed, change, stale marks, target fallback."""
import datetime
from decimal import Decimal

import pytest

from coverage.models import Target
from coverage.rankings.selectors import regency_ranking
from coverage.rankings.statuses import TargetStatus, stale_before
from tests.factories import RegencyFactory, SnapshotFactory, TargetFactory

pytestmark = pytest.mark.django_db

FEB, MARCH, APRIL, MAY = (datetime.date(2025, 2, 28), datetime.date(2025, 3, 31), datetime.date(2025, 4, 30),
                          datetime.date(2025, 5, 31))


def _regencies(province, *codes):
    return [RegencyFactory(province=province, code=f"{province.code}.{code}", name=f"Kabupaten {code}")
            for code in codes]


def test_order_is_by_coverage_with_competition_ranks_for_ties(bali):
    a, b, c, d = _regencies(bali, "01", "02", "03", "04")
    SnapshotFactory(regency=a, participants=400, working_population=1000)  # 40.00
    SnapshotFactory(regency=b, participants=500, working_population=1000)  # 50.00
    SnapshotFactory(regency=c, participants=600, working_population=1000)  # 60.00
    SnapshotFactory(regency=d, participants=1000, working_population=2000)  # 50.00, tied with b
    rows = regency_ranking(as_of=MARCH)
    assert [(row.rank, row.code, row.coverage_pct) for row in rows] == [
        (1, "51.03", Decimal("60.00")),
        (2, "51.02", Decimal("50.00")),
        (2, "51.04", Decimal("50.00")),
        (4, "51.01", Decimal("40.00")),
    ]
    assert [(row.is_highest, row.is_lowest) for row in rows] == [(True, False), (False, False), (False, False),
                                                                  (False, True)]


def test_coverage_gap_and_participants_needed_match_the_published_badung_figure(badung):
    SnapshotFactory(regency=badung, participants=167_734, working_population=285_846)
    TargetFactory(province=badung.province, percent=Decimal("67.28"))
    [row] = regency_ranking(as_of=MARCH)
    assert row.coverage_pct == Decimal("58.68")
    assert row.target_pct == Decimal("67.28")
    assert row.gap_pp == Decimal("8.60")
    # ceil(67.28% x 285,846) = 192,318 workers; 167,734 are enrolled.
    assert row.participants_needed == 24_584
    assert row.target_status == TargetStatus.BEHIND


def test_change_is_in_points_since_the_regencys_previous_snapshot(badung, bangli):
    SnapshotFactory(regency=badung, as_of=FEB, participants=100, working_population=1000)
    SnapshotFactory(regency=badung, as_of=MARCH, participants=150, working_population=1000)
    SnapshotFactory(regency=badung, as_of=APRIL, participants=999, working_population=1000)  # after as_of
    SnapshotFactory(regency=bangli, as_of=MARCH, participants=300, working_population=1000)
    rows = {row.code: row for row in regency_ranking(as_of=MARCH)}
    assert rows["51.03"].change_pp == Decimal("5.00")
    assert rows["51.03"].as_of == MARCH
    assert rows["51.06"].change_pp is None  # no previous snapshot


def test_a_falling_coverage_gives_a_negative_change(badung):
    SnapshotFactory(regency=badung, as_of=FEB, participants=500, working_population=1000)
    SnapshotFactory(regency=badung, as_of=MARCH, participants=500, working_population=1010)
    [row] = regency_ranking(as_of=MARCH)
    assert row.change_pp == Decimal("-0.50")  # 49.50 - 50.00


def test_as_of_chooses_each_regencys_latest_snapshot_on_or_before_it(badung, bangli):
    SnapshotFactory(regency=badung, as_of=FEB, participants=100)
    SnapshotFactory(regency=badung, as_of=APRIL, participants=900)
    SnapshotFactory(regency=bangli, as_of=MARCH, participants=300)
    rows = {row.code: (row.as_of, row.participants) for row in regency_ranking(as_of=MARCH)}
    assert rows == {"51.03": (FEB, 100), "51.06": (MARCH, 300)}
    rows = {row.code: (row.as_of, row.participants) for row in regency_ranking(as_of=APRIL)}
    assert rows == {"51.03": (APRIL, 900), "51.06": (MARCH, 300)}


@pytest.mark.parametrize(("as_of", "figure", "stale"), [
    (MAY, datetime.date(2025, 2, 28), False),  # exactly three months earlier (31 May -> 28 Feb)
    (MAY, datetime.date(2025, 2, 27), True),
    (datetime.date(2025, 1, 15), datetime.date(2024, 10, 15), False),
    (datetime.date(2025, 1, 15), datetime.date(2024, 10, 14), True),
])
def test_a_figure_older_than_three_months_is_stale(badung, as_of, figure, stale):
    SnapshotFactory(regency=badung, as_of=figure)
    [row] = regency_ranking(as_of=as_of)
    assert row.stale is stale


def test_stale_before_clamps_to_the_end_of_a_shorter_month():
    assert stale_before(datetime.date(2024, 5, 31)) == datetime.date(2024, 2, 29)
    assert stale_before(datetime.date(2025, 2, 15)) == datetime.date(2024, 11, 15)


def test_regencies_without_any_snapshot_follow_the_ranked_ones_as_no_data(bali):
    _a, b, c = _regencies(bali, "01", "02", "03")
    SnapshotFactory(regency=b, participants=100)
    SnapshotFactory(regency=c, as_of=APRIL, participants=900)  # only after the date: no data yet
    rows = regency_ranking(as_of=MARCH)
    assert [(row.code, row.rank, row.has_data) for row in rows] == [
        ("51.02", 1, True), ("51.01", None, False), ("51.03", None, False),
    ]
    assert rows[1].coverage_pct is None and rows[1].target_status is None
    assert not rows[0].is_lowest  # a single ranked regency is highest, not also lowest


def test_province_filter_keeps_only_its_regencies(badung, lombok_barat):
    SnapshotFactory(regency=badung)
    SnapshotFactory(regency=lombok_barat)
    assert [row.code for row in regency_ranking(as_of=MARCH, province=lombok_barat.province)] == ["52.01"]


def test_regency_target_is_used_before_its_provinces(badung, bangli):
    TargetFactory(province=badung.province, percent=Decimal("60.00"))
    TargetFactory(province=None, regency=badung, percent=Decimal("70.00"))
    SnapshotFactory(regency=badung, participants=650, working_population=1000)
    SnapshotFactory(regency=bangli, participants=650, working_population=1000)
    rows = {row.code: row for row in regency_ranking(as_of=MARCH)}
    assert (rows["51.03"].target_pct, rows["51.03"].gap_pp, rows["51.03"].target_status) == (
        Decimal("70.00"), Decimal("5.00"), TargetStatus.CLOSE)
    assert (rows["51.06"].target_pct, rows["51.06"].gap_pp, rows["51.06"].target_status) == (
        Decimal("60.00"), Decimal("-5.00"), TargetStatus.REACHED)
    assert rows["51.06"].participants_needed == 0


def test_another_target_source_and_another_year_are_not_mixed(badung):
    TargetFactory(province=badung.province, percent=Decimal("60.00"))
    TargetFactory(province=badung.province, percent=Decimal("80.00"), source=Target.Source.RPJMD)
    TargetFactory(province=badung.province, percent=Decimal("10.00"), source=Target.Source.RPJMD, year=2024)
    SnapshotFactory(regency=badung, participants=600, working_population=1000)
    [row] = regency_ranking(as_of=MARCH, source=Target.Source.RPJMD)
    assert (row.target_pct, row.gap_pp, row.participants_needed) == (Decimal("80.00"), Decimal("20.00"), 200)
    [row] = regency_ranking(as_of=MARCH, source=Target.Source.BPJS)
    assert (row.target_pct, row.gap_pp, row.participants_needed, row.target_status) == (None, None, None, None)


@pytest.mark.parametrize(("participants", "status"), [
    (600, TargetStatus.REACHED), (601, TargetStatus.REACHED), (550, TargetStatus.CLOSE),
    (549, TargetStatus.BEHIND),
])
def test_status_against_the_target(badung, participants, status):
    TargetFactory(province=badung.province, percent=Decimal("60.00"))
    SnapshotFactory(regency=badung, participants=participants, working_population=1000)
    [row] = regency_ranking(as_of=MARCH)
    assert row.target_status == status


def _history(province, *, regencies, months):
    for regency in _regencies(province, *(f"{n:02d}" for n in range(1, regencies + 1))):
        for month in range(months):
            SnapshotFactory(regency=regency, as_of=datetime.date(2020 + month // 12, 1 + month % 12, 28),
                            participants=100 + month)
        TargetFactory(province=None, regency=regency)


@pytest.mark.parametrize(("regencies", "months"), [(2, 2), (12, 30)])
def test_queries_do_not_grow_with_regencies_or_history(bali, django_assert_max_num_queries, regencies, months):
    _history(bali, regencies=regencies, months=months)
    TargetFactory(province=bali)
    # The data version (coverage/web/cached.py), then the regencies, their latest figures, their base figures (the
    # outlook), the targets.
    with django_assert_max_num_queries(5):
        rows = regency_ranking(as_of=MAY, province=bali)
    assert len(rows) == regencies
    assert all(row.change_pp == Decimal("0.10") for row in rows)
