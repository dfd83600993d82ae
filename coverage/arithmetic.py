"""The coverage arithmetic, done on integers so that no float ever rounds a published figure."""
from decimal import Decimal

HUNDREDTHS = Decimal("0.01")


def _percent_hundredths(part: int, whole: int) -> int:
    """part / whole x 100, in hundredths of a percent, rounded half-up (exact integer arithmetic)."""
    if whole <= 0:
        raise ValueError("the whole must be positive")
    # floor((2 * part * 10000 + whole) / (2 * whole)) is part * 10000 / whole rounded half-up.
    return (2 * part * 10_000 + whole) // (2 * whole)


def coverage_percent(participants: int, working_population: int) -> Decimal:
    """Coverage in percent with 2 decimals: 935,079 of 1,873,899 gives Decimal("49.90")."""
    return Decimal(_percent_hundredths(participants, working_population)).scaleb(-2).quantize(HUNDREDTHS)


def share_percent(part: int, whole: int) -> Decimal | None:
    """Any share in percent, rounded half-up like coverage (e.g. figures on time of those expected); None of 0."""
    return coverage_percent(part, whole) if whole > 0 else None


def participants_needed(target_percent: Decimal, working_population: int, participants: int) -> int:
    """Workers still to enrol: max(0, ceil(target% x working population / 100) - participants)."""
    target_hundredths = int((Decimal(target_percent) * 100).to_integral_exact())
    required = -(-target_hundredths * working_population // 10_000)  # ceiling division
    return max(0, required - participants)


def gap_points(target_percent: Decimal, coverage: Decimal) -> Decimal:
    """Percentage points still missing (negative when the target is exceeded)."""
    return (Decimal(target_percent) - coverage).quantize(HUNDREDTHS)
