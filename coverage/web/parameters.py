"""The GET parameters of the pages: a bad one becomes a message on the page and its default, never an error."""
import datetime

from django.contrib import messages
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def warn_bad_parameters(request, form, *, defaults=None) -> None:
    """Show each error of a bound GET form as a page message; a missing parameter simply takes its default.

    With `defaults` (for messages written for a form rather than a URL), the message is prefixed with the
    field's label and says which value is shown instead, as the ranking filters' own messages do.
    """
    for name, errors in form.errors.items():
        if name not in request.GET:
            continue
        for error in errors:
            if defaults is None or name not in form.fields:
                messages.warning(request, error)
                continue
            message = f"{form.fields[name].label}: {error}"
            if (default := defaults.get(name)) is not None:
                shown = date_format(default, "j F Y") if isinstance(default, datetime.date) else default
                message += " " + _("Shown instead: %(value)s.") % {"value": shown}
            messages.warning(request, message)


def parameters_or_defaults(request, form, defaults: dict) -> dict:
    """The valid GET parameters of `form`, else the defaults, with a message for each bad one."""
    if not request.GET:
        return defaults
    form.is_valid()
    warn_bad_parameters(request, form, defaults=defaults)
    return {name: form.cleaned_data.get(name) or default for name, default in defaults.items()}
