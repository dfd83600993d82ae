"""The outlook's words and thresholds, each named once; pages, legends and filters receive them from here.

The thresholds are Open SDG's (after Statistics Canada): progress is judged by the ratio R of the observed pace to
the pace still needed.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from coverage.outlook import arithmetic

# R at or above this: on track; at or above ACCELERATE_FROM: needs acceleration; at or above 0: limited progress.
ON_TRACK_FROM = Decimal("0.95")
ACCELERATE_FROM = Decimal("0.60")


class Outlook(models.TextChoices):
    # In the order of the pages' summaries and of sorting by outlook: the best first.
    REACHED = "reached", _("reached")
    ON_TRACK = "on_track", _("on track")
    ACCELERATE = "accelerate", _("needs acceleration")
    LIMITED = "limited", _("limited progress")
    DETERIORATING = "deteriorating", _("deteriorating")
    MISSED = "missed", _("missed")
    UNKNOWN = "unknown", _("pace unknown")


# A mark beside each word, so that colour is never the only sign (the fuller the circle, the better the outlook).
MARKS = {
    Outlook.REACHED: "✔", Outlook.ON_TRACK: "●", Outlook.ACCELERATE: "◐", Outlook.LIMITED: "◔",
    Outlook.DETERIORATING: "▼", Outlook.MISSED: "✖", Outlook.UNKNOWN: "?",
}
ORDER = {value: position for position, value in enumerate(Outlook.values)}
# One line on each outlook for the legends; the thresholds are filled in by legend().
MEANINGS = {
    Outlook.REACHED: _("the target is reached"),
    Outlook.ON_TRACK: _("its pace is at least %(on_track)s%% of the new participants it needs a month"),
    Outlook.ACCELERATE: _("its pace is %(accelerate)s%% to %(on_track)s%% of what it needs a month"),
    Outlook.LIMITED: _("it grows by less than %(accelerate)s%% of what it needs a month"),
    Outlook.DETERIORATING: _("it is losing participants"),
    Outlook.MISSED: _("no month is left this year and the target is not reached"),
    Outlook.UNKNOWN: _("no figure from %(least)s to %(most)s months before to measure its pace"),
}


@dataclass(frozen=True, slots=True)
class LegendEntry:
    value: str
    label: str
    mark: str
    meaning: str


def legend() -> list[LegendEntry]:
    """Each outlook with its mark and what it means, in the active language, thresholds filled in."""
    thresholds = {"on_track": int(ON_TRACK_FROM * 100), "accelerate": int(ACCELERATE_FROM * 100),
                  "least": arithmetic.BASE_AT_LEAST_MONTHS, "most": arithmetic.BASE_WITHIN_MONTHS}
    return [LegendEntry(value, label, MARKS[value], str(MEANINGS[value]) % thresholds)
            for value, label in Outlook.choices]


def outlook_of(
    *, gap_pp: Decimal | None, months_left: int, pace: Decimal | None, needed_per_month: int | None
) -> str | None:
    """The outlook of a figure against its target; None without a target.

    reached (no gap left), else missed (no month left), else unknown (no pace), else by R = pace / needed a month.
    """
    if gap_pp is None:
        return None
    if gap_pp <= 0:
        return Outlook.REACHED
    if months_left <= 0:
        return Outlook.MISSED
    if pace is None:
        return Outlook.UNKNOWN
    # R compared without dividing: pace >= threshold x needed a month (needed a month is at least 1 here).
    if pace >= ON_TRACK_FROM * needed_per_month:
        return Outlook.ON_TRACK
    if pace >= ACCELERATE_FROM * needed_per_month:
        return Outlook.ACCELERATE
    if pace >= 0:
        return Outlook.LIMITED
    return Outlook.DETERIORATING


@dataclass(frozen=True, slots=True)
class Foresight:
    """A figure's outlook to 31 December: what it needs a month, where its pace leads, and the word for it."""

    months_left: int
    needed_per_month: int | None
    projected_pct: Decimal | None
    outlook: str | None


def foresee(
    *, participants: int, working_population: int, as_of: datetime.date, year: int,
    gap_pp: Decimal | None, participants_needed: int | None, pace: Decimal | None,
) -> Foresight:
    """The outlook of a figure (dated `as_of`) against its target of `year`; a pace of None is an unknown one."""
    months = arithmetic.months_left(as_of, year=year)
    per_month = None if participants_needed is None else arithmetic.needed_per_month(participants_needed, months)
    projected = None
    if pace is not None:
        projected = arithmetic.projected_percent(
            participants=participants, working_population=working_population, pace=pace, months=months
        )
    return Foresight(months, per_month, projected,
                     outlook_of(gap_pp=gap_pp, months_left=months, pace=pace, needed_per_month=per_month))
