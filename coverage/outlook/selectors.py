"""The outlook's one read: each regency's pace since its base figure, for figures a ranking already holds.

The figures come from the caller (a ranking's rows), so that whichever figures a page shows are the ones measured;
only the base figures are read here, in one query whatever the length of the history.
"""
import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from coverage.models import CoverageSnapshot
from coverage.outlook import arithmetic
from coverage.snapshots.selectors import Figures, counted


@dataclass(frozen=True, slots=True)
class Pace:
    """Participants gained a month (exact), over how many whole months, from which base figure."""

    per_month: Decimal
    months: int
    base_as_of: datetime.date
    base_participants: int


def regency_paces(*, figures: Mapping[int, tuple[datetime.date, int]], counting: str = Figures.ALL) -> dict[int, Pace]:
    """Regency id -> its pace, for figures given as regency id -> (as of, participants); regencies without one left out.

    The base is the regency's earliest snapshot within BASE_WITHIN_MONTHS before its figure (DESIGN.md: Outlook),
    among the figures that count (`counting`, the page's `figures=`).
    """
    if not figures:
        return {}
    # Regencies whose figures share a date share a window: one condition per date, usually a handful.
    by_date = defaultdict(list)
    for regency_id, (as_of, _participants) in figures.items():
        by_date[as_of].append(regency_id)
    windows = Q()
    for as_of, regency_ids in by_date.items():
        windows |= Q(regency_id__in=regency_ids, as_of__gte=arithmetic.base_window_start(as_of), as_of__lt=as_of)
    earliest = (
        CoverageSnapshot.objects.filter(windows, counted(counting))
        .annotate(position=Window(RowNumber(), partition_by=F("regency_id"), order_by=F("as_of").asc()))
        .filter(position=1)
        .values_list("regency_id", "as_of", "participants")
    )
    paces = {}
    for regency_id, base_as_of, base_participants in earliest:
        as_of, participants = figures[regency_id]
        per_month = arithmetic.pace_per_month(
            base_participants=base_participants, base_as_of=base_as_of, participants=participants, as_of=as_of
        )
        if per_month is not None:
            months = arithmetic.month_ends_between(base_as_of, as_of)
            paces[regency_id] = Pace(per_month, months, base_as_of, base_participants)
    return paces
