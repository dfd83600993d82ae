"""The reporting calendar: a cut-off's deadline, a figure's timeliness, and the days on which reminders go out.

Cut-offs are month-ends. The figures of one are due REPORTING_DEADLINE_DAYS days after it, unless an administrator
set another deadline for it (a CutOff row). Days are days in TIME_ZONE: a figure first stored at 23:59 local time
on the deadline's day is on time, one stored a minute after midnight is late.
"""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coverage.models import CutOff

WEEK = datetime.timedelta(days=7)


class Timeliness(models.TextChoices):
    """A regency's figure for a cut-off: stored by the deadline's day or after it; without one, due or missing."""

    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")
    DUE = "due", _("due")
    MISSING = "missing", _("missing")


def usual_deadline(as_of: datetime.date) -> datetime.date:
    return as_of + datetime.timedelta(days=settings.REPORTING_DEADLINE_DAYS)


def deadlines(cut_offs: Iterable[datetime.date]) -> dict[datetime.date, datetime.date]:
    """Each cut-off's deadline: the administrators' where they set one, else the usual one (one query)."""
    cut_offs = set(cut_offs)
    chosen = dict(CutOff.objects.filter(as_of__in=cut_offs).values_list("as_of", "deadline")) if cut_offs else {}
    return {as_of: chosen.get(as_of) or usual_deadline(as_of) for as_of in cut_offs}


def timeliness(*, deadline: datetime.date, entered_at: datetime.datetime | None,
               today: datetime.date) -> Timeliness:
    """On time if first stored on or before the deadline's day (in TIME_ZONE), else late; without a figure, due
    until the deadline has passed, then missing."""
    if entered_at is not None:
        return Timeliness.ON_TIME if timezone.localdate(entered_at) <= deadline else Timeliness.LATE
    return Timeliness.DUE if today <= deadline else Timeliness.MISSING


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The month-ends from `first` to `last`, both included."""
    ends, month = [], first.replace(day=1)
    while month <= last:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        end = following - datetime.timedelta(days=1)
        if first <= end <= last:
            ends.append(end)
        month = following
    return ends


@dataclass(frozen=True)
class Deadline:
    """The deadline of the cut-off a page shows, and how far today is from it."""

    as_of: datetime.date
    deadline: datetime.date
    today: datetime.date

    @property
    def days_left(self) -> int:
        """Days from today to the deadline: 0 on its day, negative once it has passed."""
        return (self.deadline - self.today).days

    @property
    def days_past(self) -> int:
        return -self.days_left


def deadline_of(as_of: datetime.date, *, today: datetime.date | None = None) -> Deadline:
    return Deadline(as_of=as_of, deadline=deadlines([as_of])[as_of], today=today or timezone.localdate())


def reminder_days(deadline: datetime.date) -> list[datetime.date]:
    """REMINDER_DAYS_BEFORE days before the deadline, its day, then weekly for REMINDER_WEEKS_AFTER weeks."""
    before = deadline - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    return [before, deadline, *(deadline + WEEK * week for week in range(1, settings.REMINDER_WEEKS_AFTER + 1))]


def cut_offs_reminded_on(day: datetime.date) -> dict[datetime.date, datetime.date]:
    """The cut-offs (with their deadlines) of which `day` is a reminder day, in one query.

    Only cut-offs on or before `day`: a figure cannot be dated in the future, so nobody is asked for one yet.
    """
    earliest = day - WEEK * settings.REMINDER_WEEKS_AFTER
    latest = day + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    usual = month_ends(earliest - datetime.timedelta(days=settings.REPORTING_DEADLINE_DAYS), day)
    chosen = dict(CutOff.objects.filter(Q(as_of__in=usual) | Q(deadline__range=(earliest, latest)), as_of__lte=day)
                  .values_list("as_of", "deadline"))
    candidates = {as_of: usual_deadline(as_of) for as_of in usual} | chosen
    return {as_of: deadline for as_of, deadline in sorted(candidates.items()) if day in reminder_days(deadline)}
