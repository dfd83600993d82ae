"""When a place counts as close to its target, when its figure is stale: each threshold named once.

Pages and messages that mention a threshold receive it from here (see context.py), never a copy of it.
"""
import calendar
import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# A figure dated more than this many months before the ranking's date is marked stale.
STALE_AFTER_MONTHS = 3
# Within this many percentage points below the target a place counts as close.
CLOSE_WITHIN_POINTS = Decimal(5)


class TargetStatus(models.TextChoices):
    REACHED = "reached", _("reached")
    CLOSE = "close", _("close")
    BEHIND = "behind", _("behind")


def stale_before(as_of: datetime.date) -> datetime.date:
    """Figures dated before this day are stale as of `as_of`: the same day STALE_AFTER_MONTHS earlier (clamped)."""
    months = as_of.year * 12 + as_of.month - 1 - STALE_AFTER_MONTHS
    year, month = divmod(months, 12)
    month += 1
    return datetime.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))


def figures_behind(*, as_of: datetime.date, newest: datetime.date | None) -> bool:
    """Whether a page's newest figure is so old that, shown as of `as_of`, it misleads.

    It is then stale, or compared with the targets of a later year than its own; the page says so
    and links to its newest cut-off (a page without `as_of` uses today, as DESIGN.md says).
    """
    return newest is not None and (newest < stale_before(as_of) or newest.year < as_of.year)


def target_status(gap_pp: Decimal | None) -> str | None:
    """Reached (no gap left), close (within CLOSE_WITHIN_POINTS) or behind; None without a target."""
    if gap_pp is None:
        return None
    if gap_pp <= 0:
        return TargetStatus.REACHED
    return TargetStatus.CLOSE if gap_pp <= CLOSE_WITHIN_POINTS else TargetStatus.BEHIND
