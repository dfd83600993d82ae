"""The API's query parameters: the pages' own forms and filters check them, a bad one answers 400 with the reason.

The pages replace a bad parameter with its default and say so; their messages follow one convention, the reason,
then after "; " what the page shows instead ("There is no province with the code “99”; all provinces are shown.").
The API shows nothing instead, so it answers with the reason alone, in the request's language.
"""
import datetime
import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from coverage.models import REGENCY_CODE


class BadParameters(ValidationError):
    """400 with `{"errors": {"<parameter>": ["<message>", ...]}}`."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__({"errors": errors})


def reason(message: str) -> str:
    """A page's message without what the page does instead."""
    head, separator, _instead = str(message).rpartition("; ")
    return f"{head}." if separator else str(message)


def checked(form) -> dict:
    """The cleaned values of a form bound to the query, or BadParameters with the reason for each bad one."""
    if form.is_valid():
        return form.cleaned_data
    raise BadParameters({
        name: [reason(error["message"]) for error in errors] for name, errors in form.errors.get_json_data().items()
    })


def whole_number(request, name: str, *, default: int, low: int, high: int, message: str) -> int:
    """An integer parameter from `low` to `high` written in ASCII digits; `message` names the bad one."""
    text = request.GET.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9 and low <= int(text) <= high):
        raise BadParameters({name: [message]})
    return int(text)


_POSITION = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}}),({REGENCY_CODE})")


def position(request, name: str) -> tuple[datetime.date, str] | None:
    """A place in the snapshot list, `after=2025-03-31,51.03` (as_of, regency code), as the list's links write it."""
    text = request.GET.get(name)
    if not text:
        return None
    match = _POSITION.fullmatch(text)
    try:
        return datetime.date.fromisoformat(match[1]), match[2]
    except (TypeError, ValueError):
        raise BadParameters({name: [
            _("“%(value)s” is not a place in this list: follow the links “next” and “previous”.") % {"value": text[:30]}
        ]}) from None


def write_position(as_of: datetime.date, code: str) -> str:
    return f"{as_of.isoformat()},{code}"
