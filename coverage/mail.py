"""Emails to users: written in the recipient's language (their Preferences, Indonesian by default), links absolute
from SITE_URL. The returned figure's notice (review/notices.py) and the reminders (reporting/reminders.py) use it."""
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from coverage.models import Preferences


def preferences_of(user) -> Preferences:
    """The user's preferences, or the defaults when they never set any (no query if select_related loaded them)."""
    try:
        return user.preferences
    except Preferences.DoesNotExist:
        return Preferences(user=user)


@contextmanager
def in_language_of(user):
    """Translate what is written inside (subject, body, dates) into the recipient's language."""
    with translation.override(preferences_of(user).language):
        yield


def absolute(path: str) -> str:
    """A link that works from a mailbox: the site's address (SITE_URL) and the page's path."""
    return settings.SITE_URL.rstrip("/") + path


def email_to(user, *, subject: str, text: str, html: str | None = None, connection=None) -> EmailMultiAlternatives:
    """An email to `user`'s address from DEFAULT_FROM_EMAIL, plain text with an optional HTML alternative."""
    message = EmailMultiAlternatives(subject, text, None, [user.email], connection=connection)
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message
