"""An unusual change (modified z-score of its change against the regency's last 12) is named, a steady one is not."""
import datetime
from decimal import Decimal

import pytest

from coverage.review.flags import is_unusual, modified_z
from coverage.review.selectors import review_rows
from tests.factories import SnapshotFactory, supervisor

pytestmark = pytest.mark.django_db


def test_a_change_five_times_the_usual_one_is_unusual():
    usual = [100, 110, 95, 105, 100, 98, 102, 107, 93, 100, 104, 96]
    assert is_unusual(500, usual)
    assert not is_unusual(108, usual)


def test_a_steady_history_flags_only_a_different_change():
    assert modified_z(100, [100] * 12) == 0
    assert is_unusual(500, [100] * 12)
    assert not is_unusual(100, [100] * 12)


def test_too_short_a_history_says_nothing():
    assert modified_z(10_000, [100, 100, 100]) is None
    assert not is_unusual(10_000, [100, 100, 100])


def month_end(year, month):
    return (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1))


@pytest.fixture
def histories(badung, bangli):
    """Fourteen month-ends for two regencies: Badung grows by 100 a month, Bangli too until its last figure."""
    for regency in (badung, bangli):
        for month in range(1, 14):
            SnapshotFactory(regency=regency, as_of=month_end(2024, month), participants=5000 + 100 * month,
                            working_population=100_000, status="approved")
    SnapshotFactory(regency=badung, as_of=month_end(2024, 14), participants=5000 + 1400, working_population=100_000)
    SnapshotFactory(regency=bangli, as_of=month_end(2024, 14), participants=5000 + 1300 + 500,
                    working_population=100_000, pu=1, bpu=1, jakon=1, pmi=6797)
    return month_end(2024, 14)


def test_the_review_page_reads_flag_only_the_regency_that_broke_its_pattern(bali, histories,
                                                                           django_assert_max_num_queries):
    reviewer = supervisor(places=[bali])
    with django_assert_max_num_queries(4):
        rows = {row.snapshot.regency.code: row for row in review_rows(user=reviewer, province=bali, as_of=histories)}
    assert [flag.code for flag in rows["51.03"].flags] == ["segments"]
    assert [flag.code for flag in rows["51.06"].flags] == ["unusual"]
    assert (rows["51.03"].change_pp, rows["51.06"].change_pp) == (Decimal("0.10"), Decimal("0.50"))
