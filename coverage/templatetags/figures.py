"""Template filters for figures on the officials' pages, localised by Django (935.079 / 935,079)."""
from django import template
from django.utils import formats

register = template.Library()


@register.filter
def signed(value):
    """A change in points with its sign, localised: +0,41 / -1,20 (en: +0.41 / -1.20); empty for None."""
    if value is None:
        return ""
    text = formats.localize(value, use_l10n=True)
    return f"+{text}" if value > 0 else text
