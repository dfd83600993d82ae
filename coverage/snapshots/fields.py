"""Form fields of a figure: counts and percentages as people type them, and cut-off dates (rules in
snapshots/rules.py)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from coverage.models import MAX_COUNT
from coverage.snapshots import rules


class CountField(forms.IntegerField):
    """A count of people, read with `rules.count_from_text` in the page's language."""

    default_error_messages = rules.COUNT_MESSAGES

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "class": "num", "data-count": ""}))
        super().__init__(max_value=MAX_COUNT, localize=True, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        return rules.count_from_text(str(value))

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as error:  # the only validator is the maximum
            raise rules.count_too_large() from error


class PercentField(forms.DecimalField):
    """A percentage (a target's), two decimals at most, with a decimal comma or point in either language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            # Read before DecimalField would drop the page language's thousands separator.
            value = rules.percent_text(value)
            with translation.override(None):
                return super().to_python(value)
        return super().to_python(value)


class CutOffField(forms.DateField):
    """A cut-off date, as an ISO date (YYYY-MM-DD), within the dates a snapshot may carry."""

    default_error_messages = {"invalid": rules.DATE_INVALID}
    default_validators = [rules.validate_cut_off]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)
