"""How a figure's counts and cut-off date are written and which dates a figure may carry, in one place.

The entry forms, the admin and the file reader all read counts and dates through these functions, so that
"935.079" means the same on a page and in a spreadsheet, and a date refused in one place is refused in all.
"""
import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coverage import wording
from coverage.models import FIRST_CUT_OFF, MAX_COUNT, CoverageSnapshot

# More digits than this cannot be a count (and would make int() slow on hostile input).
MAX_DIGITS = 12
DIGITS = re.compile(r"[0-9]+")

COUNT_MESSAGES = {
    "invalid": _("Enter a whole number without decimals, e.g. %(example)s."),
    "negative": _("Counts cannot be negative."),
    "max_value": _("Enter a number no larger than %(limit_value)s."),
}


def count_invalid(example=None) -> ValidationError:
    """The example written the way the reader's language groups digits (935.079), unless another is given."""
    return ValidationError(COUNT_MESSAGES["invalid"], code="invalid",
                           params={"example": example or wording.number(935079)})


def count_too_large() -> ValidationError:
    """The limit written the way the reader's language groups digits (2.147.483.647)."""
    return ValidationError(COUNT_MESSAGES["max_value"], code="max_value",
                           params={"limit_value": wording.number(MAX_COUNT)})


def count_from_text(text: str) -> int:
    """A count of people: plain digits, or digits grouped in threes with the active language's separator.

    So "935079" is read in both languages, "935.079" in Indonesian and "935,079" in English. The other
    language's separator is that language's decimal mark, and is refused like any other decimal: nobody
    means 935 079 when typing 935,079 on an Indonesian page.
    """
    text = text.strip()
    negative = text.startswith("-")
    separator = get_format("THOUSAND_SEPARATOR")
    digits = text.lstrip("-")
    if re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+", digits):
        digits = digits.replace(separator, "")
    if not DIGITS.fullmatch(digits):
        raise count_invalid()
    if negative:
        raise ValidationError(COUNT_MESSAGES["negative"], code="negative")
    if len(digits) > MAX_DIGITS or int(digits) > MAX_COUNT:
        raise count_too_large()
    return int(digits)


def percent_text(text: str) -> str:
    """A percentage as Python reads decimals: "72,5" and "72.5" are both 72.5, in either language.

    A percentage is at most 100, so it never needs a thousands separator: a single comma is a decimal mark
    whatever the page's language (read as the English thousands separator, "72,5" would be 725).
    """
    text = text.strip()
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


DATE_INVALID = _("Enter a date as YYYY-MM-DD, e.g. 2025-03-31.")


def date_from_text(text: str) -> datetime.date:
    """A date written as YYYY-MM-DD, the one way dates are written in forms, parameters and files."""
    text = text.strip()
    try:
        if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
            return datetime.date.fromisoformat(text)  # the common case, without strptime
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError(DATE_INVALID, code="invalid") from None


def validate_cut_off(value) -> None:
    """Refuse a date that no snapshot may carry, with the model's own rules, messages and codes (no query)."""
    errors = []
    try:
        CoverageSnapshot(as_of=value).clean()
    except ValidationError as error:
        errors.extend(error.error_dict.get("as_of", []))
    if value < FIRST_CUT_OFF:
        constraint = next(c for c in CoverageSnapshot._meta.constraints if c.name == "snapshot_not_before_2014")
        errors.append(ValidationError(constraint.violation_error_message, code=constraint.violation_error_code))
    if errors:
        raise ValidationError(errors)


def is_month_end(day: datetime.date) -> bool:
    """Cut-offs are month-ends (DESIGN.md): any other date is allowed, but only once the user confirms it."""
    return day.day == calendar.monthrange(day.year, day.month)[1]


def not_month_end(day: datetime.date) -> ValidationError:
    """A date that is not a month's end, refused until confirmed: a mid-month figure would pass for a cut-off."""
    return ValidationError(
        _("%(date)s is not a month's end, the usual cut-off date. Check the date, or confirm it below."),
        code="not_month_end", params={"date": wording.day(day)},
    )


def _not_month_end_warning(day: datetime.date) -> str:
    return gettext("%(date)s is not a month's end, the usual cut-off date.") % {"date": wording.day(day)}


# The same, as a warning where nothing needs to be confirmed (an upload's preview); lazy, as the file is read in
# Indonesian while the preview may be read in English (wording.py).
not_month_end_warning = lazy(_not_month_end_warning, str)
