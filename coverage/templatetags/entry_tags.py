"""Template tags of the entry pages."""
import datetime

from django import template
from django.utils.formats import date_format, localize

from coverage.places import access

register = template.Library()


@register.simple_tag(takes_context=True)
def may_enter(context) -> bool:
    """Whether the signed-in user may enter figures (shows the "Entry" link)."""
    request = context.get("request")
    return bool(request and access.may_use_entry(request.user))


@register.simple_tag(takes_context=True)
def may_review(context) -> bool:
    """Whether the signed-in user reviews figures (shows the "Review" link)."""
    request = context.get("request")
    return bool(request and access.may_review(request.user))


@register.filter
def revision_value(value) -> str:
    """A field's value in a revision: dates as in the page's headings, numbers in the language's style."""
    if value is None or value == "":
        return "\u2013"  # an en dash: no value
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    return localize(value)
