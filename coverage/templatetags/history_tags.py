"""What the history templates share: a stored reason in the reader's language."""
from django import template

from coverage import reasons

register = template.Library()


@register.filter
def reason(stored):
    """The app's own reasons in the active language; a person's as typed (coverage/reasons.py)."""
    return reasons.shown(stored)
