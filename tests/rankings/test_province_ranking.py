"""province_ranking: sums of each regency's latest figure, "n of m reported", stale counts, targets, queries."""
import datetime
from decimal import Decimal

import pytest

from coverage.demo import MARCH_2025
from coverage.models import Target
from coverage.rankings.selectors import province_ranking
from coverage.rankings.statuses import TargetStatus
from tests.factories import ProvinceFactory, RegencyFactory, SnapshotFactory, TargetFactory

pytestmark = pytest.mark.django_db

DEC, MARCH = datetime.date(2024, 12, 31), datetime.date(2025, 3, 31)


@pytest.fixture
def bali_nine(bali):
    return {code: RegencyFactory(province=bali, code=code) for code in MARCH_2025}


def test_seven_of_nine_reported_and_the_sums_are_their_latest_figures(bali_nine, bali):
    TargetFactory(province=bali, percent=Decimal("67.28"))
    for code in list(MARCH_2025)[:7]:
        SnapshotFactory(regency=bali_nine[code], as_of=DEC, participants=1, working_population=10)
        SnapshotFactory(regency=bali_nine[code], as_of=MARCH, participants=100, working_population=1000)
    [row, *others] = province_ranking(as_of=MARCH)
    assert (row.code, row.regencies_reporting, row.regencies_total) == ("51", 7, 9)
    assert (row.participants, row.working_population, row.coverage_pct) == (700, 7000, Decimal("10.00"))
    assert (row.target_pct, row.gap_pp, row.target_status) == (Decimal("67.28"), Decimal("57.28"), TargetStatus.BEHIND)
    assert row.participants_needed == 4710 - 700  # ceil(67.28% x 7,000) = 4,710
    # The outlook: seven paces of (100 - 1) / 3 months = 33 a month; 4,010 needed over 9 months: 446 a month.
    assert row.export_row() == (1, "51", "Bali", 7, 9, 700, 7000, Decimal("10.00"), Decimal("67.28"),
                                Decimal("57.28"), 4010, 0, 231, 446, Decimal("39.70"), "limited")
    assert others == []


def test_the_published_bali_figure_of_31_march_2025(bali_nine, bali):
    TargetFactory(province=bali, percent=Decimal("67.28"))
    for code, (participants, working_population) in MARCH_2025.items():
        SnapshotFactory(regency=bali_nine[code], participants=participants, working_population=working_population)
    [row] = province_ranking(as_of=MARCH)
    assert (row.participants, row.working_population, row.coverage_pct) == (935_079, 1_873_899, Decimal("49.90"))
    assert (row.regencies_reporting, row.regencies_total) == (9, 9)


def test_stale_regency_figures_are_counted(bali_nine):
    regencies = list(bali_nine.values())
    SnapshotFactory(regency=regencies[0], as_of=MARCH)
    SnapshotFactory(regency=regencies[1], as_of=datetime.date(2024, 12, 30))  # before 31 Dec 2024: stale
    SnapshotFactory(regency=regencies[2], as_of=DEC)  # exactly three months: not stale
    [row] = province_ranking(as_of=MARCH)
    assert (row.regencies_reporting, row.regencies_stale, row.latest_as_of) == (3, 1, MARCH)


def test_provinces_are_ranked_and_those_without_figures_follow(bali, ntb, badung, lombok_barat):
    ProvinceFactory(code="53", name="Nusa Tenggara Timur")
    SnapshotFactory(regency=badung, participants=300, working_population=1000)
    SnapshotFactory(regency=lombok_barat, participants=400, working_population=1000)
    rows = province_ranking(as_of=MARCH)
    assert [(row.rank, row.code, row.coverage_pct) for row in rows] == [
        (1, "52", Decimal("40.00")), (2, "51", Decimal("30.00")), (None, "53", None),
    ]
    assert (rows[0].is_highest, rows[1].is_lowest) == (True, True)
    assert (rows[2].regencies_reporting, rows[2].regencies_total) == (0, 0)


def test_only_the_provinces_own_target_of_the_chosen_source_counts(bali, badung):
    TargetFactory(province=None, regency=badung, percent=Decimal("90.00"))
    TargetFactory(province=bali, percent=Decimal("50.00"), source=Target.Source.RPJMN)
    SnapshotFactory(regency=badung, participants=300, working_population=1000)
    [row] = province_ranking(as_of=MARCH)
    assert (row.target_pct, row.target_status) == (None, None)
    [row] = province_ranking(as_of=MARCH, source=Target.Source.RPJMN)
    assert (row.target_pct, row.gap_pp, row.participants_needed) == (Decimal("50.00"), Decimal("20.00"), 200)


@pytest.mark.parametrize(("provinces", "regencies", "months"), [(1, 1, 1), (4, 6, 24)])
def test_queries_do_not_grow_with_places_or_history(db, django_assert_max_num_queries, provinces, regencies, months):
    for p in range(provinces):
        province = ProvinceFactory(code=f"{60 + p}")
        TargetFactory(province=province)
        for r in range(regencies):
            regency = RegencyFactory(province=province, code=f"{province.code}.{r + 1:02d}")
            for month in range(months):
                SnapshotFactory(regency=regency, as_of=datetime.date(2022 + month // 12, 1 + month % 12, 28))
    # The data version (coverage/web/cached.py), then the latest figures, their base figures (the outlook), the
    # targets, the provinces.
    with django_assert_max_num_queries(5):
        rows = province_ranking(as_of=MARCH)
    assert [row.regencies_reporting for row in rows] == [regencies] * provinces
