"""Reminders: on a cut-off's reminder days, one email a person at most, only when something is theirs to do.

Field staff are told of the figures of their places that are due, missing or returned; supervisors of the figures
awaiting their review and, after the deadline, of the regencies still missing in their places. Someone in both roles
gets one email with both. The log (ReminderSent) is written in the same transaction as the email is handed to the
mail server: a refused email leaves no log row, so the next run tries again; a logged person gets nothing more that
day, however often the command runs. Working out who gets what takes a fixed number of queries.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from smtplib import SMTPException

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy, ngettext

from coverage import mail
from coverage.models import Assignment, CoverageSnapshot, Regency, ReminderSent
from coverage.places import access
from coverage.reporting import deadlines

# The backend that knows groups' permissions (django-axes' backend, the other one, only refuses sign-ins).
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"
Kind = ReminderSent.Kind
Status = CoverageSnapshot.Status

# What is wanted of the recipient, per figure.
WANTED = {
    "due": gettext_lazy("due: enter it by the deadline"),
    "missing": gettext_lazy("missing: the deadline has passed"),
    "returned": gettext_lazy("returned: correct it"),
    "awaiting_review": gettext_lazy("awaiting your review"),
    "missing_in_places": gettext_lazy("still missing in your places"),
}


@dataclass(frozen=True)
class Item:
    """One figure in a reminder: which, what is wanted, and where to do it (an absolute link)."""

    kind: str
    as_of: datetime.date
    deadline: datetime.date
    regency: Regency
    wanted: str
    link: str



@dataclass(frozen=True)
class Task:
    """A line of the email: what is wanted of these regencies, and the page where it is done."""

    wanted: str
    link: str
    regencies: list[str]  # their names


@dataclass
class Reminder:
    """Everything one person is reminded of on one day."""

    user: object
    day: datetime.date
    items: list[Item] = field(default_factory=list)

    def log_rows(self) -> list[ReminderSent]:
        counts: dict[tuple, int] = defaultdict(int)
        for item in self.items:
            counts[(item.kind, item.as_of)] += 1
        return [ReminderSent(user=self.user, kind=kind, as_of=as_of, day=self.day, items=n)
                for (kind, as_of), n in sorted(counts.items())]

    def cut_offs(self) -> list[tuple[datetime.date, datetime.date, list[Task]]]:
        """The items by cut-off, oldest first, as (as_of, deadline, tasks); the regencies asked the same thing at
        the same link (a province's grid) make one task."""
        groups: dict[tuple, dict[tuple, list[str]]] = defaultdict(dict)
        for item in self.items:
            groups[(item.as_of, item.deadline)].setdefault((item.wanted, item.link), []).append(item.regency.name)
        return [(as_of, deadline, [Task(wanted=str(WANTED[wanted]), link=link, regencies=regencies)
                                   for (wanted, link), regencies in tasks.items()])
                for (as_of, deadline), tasks in sorted(groups.items())]


def _people(permission: str, *, day) -> dict[int, object]:
    """Active users with `permission`, an address and reminders on, not yet reminded on `day`."""
    users = (get_user_model().objects.with_perm(permission, include_superusers=True, backend=PERMISSIONS_BACKEND)
             .filter(is_active=True).exclude(email="").exclude(preferences__reminders=False)
             .exclude(pk__in=ReminderSent.objects.filter(day=day).values("user_id"))
             .select_related("preferences"))
    return {user.pk: user for user in users}


def _places(user_ids) -> tuple[dict[int, set[int]], dict[int, Regency]]:
    """Each user's assigned regencies (a province gives all of its regencies), and those regencies (two queries)."""
    assignments = list(Assignment.objects.filter(user_id__in=user_ids).values_list("user_id", "province_id",
                                                                                   "regency_id"))
    regencies = {regency.pk: regency for regency in Regency.objects.filter(
        Q(province_id__in={p for _u, p, _r in assignments if p}) | Q(pk__in={r for _u, _p, r in assignments if r})
    ).select_related("province")}
    by_province = defaultdict(set)
    for regency in regencies.values():
        by_province[regency.province_id].add(regency.pk)
    places = defaultdict(set)
    for user_id, province_id, regency_id in assignments:
        places[user_id] |= by_province[province_id] if province_id else {regency_id}
    return places, regencies


def _link(name: str, **query) -> str:
    return mail.absolute(reverse(name) + "?" + urlencode(query))


def _entry_items(regency, as_of, deadline, figure, *, day) -> list[Item]:
    """What field staff are asked for one regency and cut-off."""
    if figure is None:
        wanted = "due" if day <= deadline else "missing"
        link = _link("entry_grid", province=regency.province.code, as_of=as_of.isoformat())
    elif figure["status"] == Status.RETURNED:
        wanted, link = "returned", mail.absolute(reverse("entry_edit", args=[figure["pk"]]))
    else:
        return []
    return [Item(kind=Kind.ENTRY, as_of=as_of, deadline=deadline, regency=regency, wanted=wanted, link=link)]


def _review_items(user, regency, as_of, deadline, figure, *, day) -> list[Item]:
    """What a supervisor is asked for one regency and cut-off (never to review their own figure: four eyes)."""
    if figure is None and day > deadline:
        wanted = "missing_in_places"
        link = _link("reporting", year=as_of.year, province=regency.province.code)
    elif figure is not None and figure["status"] == Status.SUBMITTED and figure["updated_by_id"] != user.pk:
        wanted, link = "awaiting_review", _link("review", province=regency.province.code, as_of=as_of.isoformat())
    else:
        return []
    return [Item(kind=Kind.REVIEW, as_of=as_of, deadline=deadline, regency=regency, wanted=wanted, link=link)]


def reminders_due(*, day: datetime.date) -> list[Reminder]:
    """Who is to be reminded of what on `day`, ordered by username; empty when `day` is no reminder day."""
    cut_offs = deadlines.cut_offs_reminded_on(day)
    if not cut_offs:
        return []
    entering, reviewing = _people(access.RECORD, day=day), _people(access.REVIEW, day=day)
    places, regencies = _places(entering.keys() | reviewing.keys())
    figures = {(figure["regency_id"], figure["as_of"]): figure for figure in CoverageSnapshot.objects.filter(
        regency_id__in=regencies, as_of__in=cut_offs).values("pk", "regency_id", "as_of", "status", "updated_by_id")}
    reminders = []
    for user in sorted({**entering, **reviewing}.values(), key=lambda user: user.get_username()):
        reminder = Reminder(user=user, day=day)
        for as_of, deadline in cut_offs.items():
            for regency_id in sorted(places[user.pk], key=lambda pk: regencies[pk].code):
                regency, figure = regencies[regency_id], figures.get((regency_id, as_of))
                if user.pk in entering:
                    reminder.items += _entry_items(regency, as_of, deadline, figure, day=day)
                if user.pk in reviewing:
                    reminder.items += _review_items(user, regency, as_of, deadline, figure, day=day)
        if reminder.items:
            reminders.append(reminder)
    return reminders


def reminder_email(reminder: Reminder, *, connection=None):
    """The email of a reminder, in the recipient's language, plain text and HTML."""
    with mail.in_language_of(reminder.user):
        context = {"reminder": reminder, "cut_offs": reminder.cut_offs(), "reporting": mail.absolute(
            reverse("reporting"))}
        subject = ngettext("UCJ Tracker: %(n)d figure waits for you", "UCJ Tracker: %(n)d figures wait for you",
                           len(reminder.items)) % {"n": len(reminder.items)}
        text = render_to_string("coverage/reporting/reminder.txt", context)
        html = render_to_string("coverage/reporting/reminder.html", context)
    return mail.email_to(reminder.user, subject=subject, text=text, html=html, connection=connection)


@dataclass
class Outcome:
    sent: list[Reminder] = field(default_factory=list)
    failed: list[tuple[Reminder, str]] = field(default_factory=list)  # not reached, with the mail server's reason


def reminders_send(*, day: datetime.date) -> Outcome:
    """Send and log the reminders of `day`; one the mail server refuses is reported and left unlogged."""
    outcome = Outcome()
    connection = get_connection()
    for reminder in reminders_due(day=day):
        try:
            with transaction.atomic():
                # Logged first: a concurrent run that logged this person already makes this insert fail, and nothing
                # is sent twice; a refused email rolls the log back.
                ReminderSent.objects.bulk_create(reminder.log_rows())
                reminder_email(reminder, connection=connection).send()
        except IntegrityError:
            continue
        except (SMTPException, OSError) as error:
            outcome.failed.append((reminder, str(error) or error.__class__.__name__))
        else:
            outcome.sent.append(reminder)
    connection.close()
    return outcome


def describe(reminder: Reminder) -> str:
    """One line for the command's output (for the operator, in English): who, how many figures, which cut-offs."""
    cut_offs = ", ".join(sorted({item.as_of.isoformat() for item in reminder.items}))
    return f"{reminder.user.get_username()} <{reminder.user.email}>: {len(reminder.items)} figure(s) of {cut_offs}"
