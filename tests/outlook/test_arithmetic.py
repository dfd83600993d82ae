"""The outlook's arithmetic on exact values: Bali on 31 March 2025, months, the base window, pace, projection."""
import datetime
from decimal import Decimal

import pytest

from coverage.arithmetic import participants_needed
from coverage.outlook.arithmetic import (
    base_window_start,
    month_ends_between,
    months_left,
    needed_per_month,
    pace_per_month,
    projected_percent,
    whole,
)

MARCH_2025 = datetime.date(2025, 3, 31)


def test_bali_on_31_march_2025_needs_36187_a_month_for_nine_months():
    needed = participants_needed(Decimal("67.28"), 1_873_899, 935_079)
    assert needed == 325_681
    assert months_left(MARCH_2025, year=2025) == 9
    assert needed_per_month(needed, 9) == 36_187  # 325,681 / 9 = 36,186.8


def test_bali_gaining_5722_a_month_is_projected_at_52_65_percent():
    pace = pace_per_month(base_participants=935_079 - 12 * 5_722, base_as_of=datetime.date(2024, 3, 31),
                          participants=935_079, as_of=MARCH_2025)
    assert pace == Decimal(5_722)
    # (935,079 + 9 x 5,722) / 1,873,899 = 52.648...%
    assert projected_percent(participants=935_079, working_population=1_873_899, pace=pace, months=9) == Decimal(
        "52.65")


@pytest.mark.parametrize(("as_of", "left"), [
    (datetime.date(2025, 3, 31), 9), (datetime.date(2025, 3, 15), 10), (datetime.date(2025, 11, 30), 1),
    (datetime.date(2025, 12, 31), 0), (datetime.date(2024, 12, 31), 12),  # a stale figure of the year before
])
def test_months_left_are_the_month_ends_after_the_figure_up_to_december(as_of, left):
    assert months_left(as_of, year=2025) == left


@pytest.mark.parametrize(("after", "up_to", "months"), [
    (datetime.date(2024, 12, 31), datetime.date(2025, 3, 31), 3),
    (datetime.date(2024, 12, 15), datetime.date(2025, 3, 15), 3),
    (datetime.date(2024, 12, 31), datetime.date(2025, 3, 15), 2),  # 31 March is not yet reached
    (datetime.date(2025, 3, 31), datetime.date(2025, 3, 31), 0),
])
def test_whole_months_between_are_counted_by_month_ends(after, up_to, months):
    assert month_ends_between(after, up_to) == months


def test_no_month_left_needs_no_monthly_figure():
    assert needed_per_month(1_000, 0) is None
    assert needed_per_month(0, 9) == 0


@pytest.mark.parametrize(("as_of", "start"), [
    (datetime.date(2025, 3, 31), datetime.date(2024, 3, 31)),
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28)),  # clamped to the month's end
    (datetime.date(2025, 1, 15), datetime.date(2024, 1, 15)),
])
def test_the_base_window_opens_the_same_day_a_year_earlier(as_of, start):
    assert base_window_start(as_of) == start


def test_a_pace_needs_three_months_of_history():
    kwargs = {"base_participants": 1_000, "participants": 1_300, "as_of": MARCH_2025}
    assert pace_per_month(base_as_of=datetime.date(2024, 12, 31), **kwargs) == Decimal(100)
    assert pace_per_month(base_as_of=datetime.date(2025, 1, 31), **kwargs) is None


def test_a_pace_is_exact_and_shown_in_whole_participants_half_up():
    pace = pace_per_month(base_participants=0, base_as_of=datetime.date(2024, 12, 31), participants=100,
                          as_of=MARCH_2025)
    assert str(pace) == "33.33333333333333333333333333"  # 100 / 3, to Decimal's 28 digits
    assert [whole(Decimal(v)) for v in ("33.5", "33.49", "-2.5", "-2.49")] == [34, 33, -3, -2]


def test_a_falling_pace_is_negative_and_the_projection_is_clamped_to_0_and_100():
    pace = pace_per_month(base_participants=1_300, base_as_of=datetime.date(2024, 12, 31), participants=1_000,
                          as_of=MARCH_2025)
    assert pace == Decimal(-100)
    assert projected_percent(participants=1_000, working_population=2_000, pace=pace, months=9) == Decimal("5.00")
    assert projected_percent(participants=100, working_population=2_000, pace=pace, months=9) == Decimal("0.00")
    assert projected_percent(participants=1_900, working_population=2_000, pace=Decimal(100), months=9) == Decimal(
        "100.00")


def test_projected_percent_is_rounded_half_up():
    # 1 / 8 = 0.125% -> 0.13 (half-up), where banker's rounding would give 0.12.
    assert projected_percent(participants=1, working_population=800, pace=Decimal(0), months=3) == Decimal("0.13")
