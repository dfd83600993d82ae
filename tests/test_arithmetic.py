"""Coverage arithmetic from integers: half-up rounding, participants needed, gap in points."""
from decimal import Decimal

import pytest

from coverage.arithmetic import coverage_percent, gap_points, participants_needed


def test_bali_march_2025_is_49_90_not_the_printed_50_88():
    assert coverage_percent(935_079, 1_873_899) == Decimal("49.90")


@pytest.mark.parametrize(
    ("participants", "working_population", "expected"),
    [
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        # Exactly x.xx5 rounds up, as a clerk would (a float would give 0.12 for 0.125).
        (1, 800, Decimal("0.13")),
        (5, 40_000, Decimal("0.01")),  # 0.0125% -> 0.01
        (1, 80_000, Decimal("0.00")),  # 0.00125% -> 0.00
        (201, 20_000, Decimal("1.01")),  # 1.005%: round(1.005, 2) on floats gives 1.0
        (1_999_999, 2_000_000, Decimal("100.00")),  # 99.99995% rounds up to 100.00
        (1_999_799, 2_000_000, Decimal("99.99")),  # 99.98995%
        (0, 17, Decimal("0.00")),
        (17, 17, Decimal("100.00")),
    ],
)
def test_coverage_percent_rounds_half_up_to_two_decimals(participants, working_population, expected):
    assert coverage_percent(participants, working_population) == expected


def test_coverage_of_zero_working_population_is_refused():
    with pytest.raises(ValueError):
        coverage_percent(0, 0)


@pytest.mark.parametrize(
    ("target", "working_population", "participants", "expected"),
    [
        # Bali 2025: 67.28% of 1,873,899 is 1,260,759.2472 workers, so 1,260,760 are needed in all.
        (Decimal("67.28"), 1_873_899, 935_079, 325_681),
        (Decimal("50.00"), 1_000, 500, 0),  # reached exactly
        (Decimal("50.00"), 1_000, 700, 0),  # exceeded: never negative
        (Decimal("50.01"), 1_000, 500, 1),  # 500.1 rounds up to 501
        (Decimal("100.00"), 3, 2, 1),
        (Decimal("33.34"), 3, 0, 2),  # 1.0002 -> 2
    ],
)
def test_participants_needed_rounds_up(target, working_population, participants, expected):
    assert participants_needed(target, working_population, participants) == expected


def test_gap_is_target_minus_coverage_in_points():
    assert gap_points(Decimal("67.28"), Decimal("49.90")) == Decimal("17.38")
    assert gap_points(Decimal("40.00"), Decimal("58.68")) == Decimal("-18.68")
