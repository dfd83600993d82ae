"""The outlook's arithmetic: months left, the pace since a base figure, needs a month, the projection (DESIGN.md).

Integers and Decimals only, like `coverage/arithmetic.py`: a pace is an exact quotient of whole numbers, and a
Decimal of 28 digits holds it far closer than any rounding shown on a page could notice.
"""
import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from coverage import arithmetic
from coverage.snapshots.rules import is_month_end

# The base of a pace is the earliest figure within this many months before the figure it measures up to ...
BASE_WITHIN_MONTHS = 12
# ... and at least this many months before it: a shorter span says too little about a year.
BASE_AT_LEAST_MONTHS = 3
HUNDRED = Decimal(100)


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_ends_between(after: datetime.date, up_to: datetime.date) -> int:
    """How many month-ends fall after `after` and on or before `up_to`: the whole months between two figures."""
    # Counted from the month-end that closes each date's month: one ending before its month does not count it.
    ends = _month_index(up_to) - (not is_month_end(up_to)) - _month_index(after) + (not is_month_end(after))
    return max(0, ends)


def months_left(as_of: datetime.date, *, year: int) -> int:
    """Month-ends after a figure's date up to 31 December of the target's year: 31 March gives 9, 31 December 0."""
    return month_ends_between(as_of, datetime.date(year, 12, 31))


def base_window_start(as_of: datetime.date) -> datetime.date:
    """The earliest date a base figure may have: the same day BASE_WITHIN_MONTHS earlier, clamped to its month."""
    year, month = divmod(_month_index(as_of) - BASE_WITHIN_MONTHS, 12)
    month += 1
    return datetime.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def pace_per_month(
    *, base_participants: int, base_as_of: datetime.date, participants: int, as_of: datetime.date
) -> Decimal | None:
    """Participants gained a month from the base figure to this one; None when they are too close together."""
    months = month_ends_between(base_as_of, as_of)
    if months < BASE_AT_LEAST_MONTHS:
        return None
    return Decimal(participants - base_participants) / months


def needed_per_month(needed: int, months: int) -> int | None:
    """New participants needed each month to close the gap by December: ceil(needed / months); None without months."""
    if months <= 0:
        return None
    return -(-needed // months)


def projected_percent(*, participants: int, working_population: int, pace: Decimal, months: int) -> Decimal:
    """Coverage on 31 December at this pace: (participants + pace x months) / working population, half-up, 0..100."""
    projected = (participants + pace * months) * HUNDRED / working_population
    return min(HUNDRED, max(Decimal(0), projected)).quantize(arithmetic.HUNDREDTHS, rounding=ROUND_HALF_UP)


def whole(value: Decimal) -> int:
    """A pace as the pages and exports show it: whole participants, half-up (half a participant away from zero)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
