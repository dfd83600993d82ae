"""Template tags of the entry pages."""
from django import template

from coverage import access

register = template.Library()


@register.simple_tag(takes_context=True)
def may_enter(context) -> bool:
    """Whether the signed-in user may enter figures (shows the "Entry" link)."""
    request = context.get("request")
    return bool(request and access.may_use_entry(request.user))
