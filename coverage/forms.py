"""Entry forms: they parse what people type; the rules on the figures live in the model and the services."""
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import get_format, localize
from django.utils.translation import gettext_lazy as _

from coverage import access
from coverage.models import MAX_COUNT, CoverageSnapshot, Province

# More digits than this cannot be a count (and would make int() slow on hostile input).
MAX_DIGITS = 12
DIGITS = re.compile(r"[0-9]+")


class CountField(forms.IntegerField):
    """A count of people: plain digits, or digits grouped in threes with the active language's separator.

    So "935079" is accepted in both languages, "935.079" in Indonesian and "935,079" in English. The other
    language's separator is that language's decimal mark, and is refused like any other decimal: nobody
    means 935 079 when typing 935,079 on an Indonesian page.
    """

    default_error_messages = {
        "invalid": _("Enter a whole number without decimals, e.g. %(example)s."),
        "negative": _("Counts cannot be negative."),
        "max_value": _("Enter a number no larger than %(limit_value)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "class": "num", "data-count": ""}))
        super().__init__(max_value=MAX_COUNT, localize=True, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        negative = text.startswith("-")
        separator = get_format("THOUSAND_SEPARATOR")
        digits = text.lstrip("-")
        if re.fullmatch(rf"[0-9]{{1,3}}(?:{re.escape(separator)}[0-9]{{3}})+", digits):
            digits = digits.replace(separator, "")
        if not DIGITS.fullmatch(digits):
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"example": localize(935079)})
        if negative:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if len(digits) > MAX_DIGITS:
            raise self._too_large()
        return int(digits)

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except ValidationError as error:  # the only validator is the maximum
            raise self._too_large() from error

    def _too_large(self) -> ValidationError:
        """The limit written the way the page's language groups digits (2.147.483.647)."""
        return ValidationError(self.error_messages["max_value"], code="max_value",
                               params={"limit_value": localize(MAX_COUNT)})


def validate_cut_off(value):
    """Refuse a date that no snapshot may carry, with the model's own rules and messages."""
    probe = CoverageSnapshot(as_of=value)
    messages = []
    try:
        probe.clean()
    except ValidationError as error:
        messages.extend(error.error_dict.get("as_of", []))
    for constraint in CoverageSnapshot._meta.constraints:
        if constraint.name == "snapshot_not_before_2014":
            try:
                constraint.validate(CoverageSnapshot, probe)
            except ValidationError as error:
                messages.extend(error.error_list)
    if messages:
        raise ValidationError(messages)


class CutOffField(forms.DateField):
    """A cut-off date, as an ISO date (YYYY-MM-DD), within the dates a snapshot may carry."""

    default_error_messages = {"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2025-03-31.")}
    default_validators = [validate_cut_off]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)


class RegencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class CountsForm(forms.Form):
    """The counts of one snapshot and its note, shared by the single forms and the grid's rows."""

    participants = CountField(label=_("Active participants"))
    working_population = CountField(label=_("Working population"))
    pu = CountField(label=_("PU (wage earners)"), required=False)
    bpu = CountField(label=_("BPU (non-wage earners)"), required=False)
    jakon = CountField(label=_("Jakon (construction)"), required=False)
    pmi = CountField(label=_("PMI (migrant workers)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    confirm_implausible = forms.BooleanField(
        label=_("These figures are right: save them anyway (explain in the note)."), required=False)

    COUNTS = ("participants", "working_population", *CoverageSnapshot.SEGMENTS)

    @property
    def needs_confirmation(self) -> bool:
        """The service found the figures implausible (or the box was ticked): show the confirmation box."""
        return self.has_error(NON_FIELD_ERRORS, "implausible") or bool(self.data.get(
            self.add_prefix("confirm_implausible")))

    @property
    def duplicate(self) -> dict | None:
        """The existing snapshot (pk, edit_url, ...) when the service refused a duplicate."""
        for error in self.errors.as_data().get(NON_FIELD_ERRORS, []):
            if error.code == "duplicate":
                return error.params
        return None


class FiguresForm(CountsForm):
    """The figures of one snapshot, shared by the new-snapshot and the correction forms."""

    as_of = CutOffField(label=_("As of"))
    source = forms.CharField(label=_("Source"), max_length=200, required=False,
                             help_text=_("Where the figures come from, e.g. the branch office's monthly report."))

    FIGURES = ("as_of", *CountsForm.COUNTS, "source", "note")
    field_order = list(FIGURES)

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIGURES}


class SnapshotForm(FiguresForm):
    """A new snapshot for one of the user's regencies, chosen by Kemendagri code."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"] = RegencyChoiceField(
            label=_("Regency"), queryset=access.enterable_regencies(user).order_by("code"), to_field_name="code",
            error_messages={"invalid_choice": _("Choose one of the regencies you are assigned to.")},
        )
        self.order_fields(["regency", *self.field_order])


class CorrectionForm(FiguresForm):
    """A correction of one snapshot: a reason, and the version the user saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_reason = forms.CharField(
        label=_("Reason for the correction"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the revision, e.g. “typo in the report: two digits swapped”."),
    )


class GridRowForm(CountsForm):
    """One regency's row in the grid; the cut-off date and the source are the grid's."""

    regency = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    change_reason = forms.CharField(label=_("Reason for the correction"), required=False, max_length=1000)

    def has_changed(self):
        """A row is filled when its figures differ from what the page showed; untouched rows are skipped."""
        ignored = {"change_reason", "confirm_implausible"}
        if not self.initial.get("version"):
            ignored.add("working_population")  # pre-filled from the previous snapshot: not typed by anyone
        return bool(set(self.changed_data) - ignored)


class BaseGridFormSet(forms.BaseFormSet):
    def clean(self):
        """The posted rows must be the regencies the page showed, in the same order."""
        if any(form.data.get(form.add_prefix("regency")) != form.initial.get("regency") for form in self.forms):
            raise ValidationError(_("The list of regencies changed since the page was opened: reload it."),
                                  code="rows_changed")


GridFormSet = forms.formset_factory(GridRowForm, formset=BaseGridFormSet, extra=0, validate_max=True)


class GridChoiceForm(forms.Form):
    """Which province and cut-off date the grid shows (GET parameters)."""

    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), to_field_name="code",
        error_messages={"invalid_choice": _("You are not assigned to any regency of this province.")},
    )
    as_of = CutOffField(label=_("As of"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(
            regencies__in=access.enterable_regencies(user)).distinct().order_by("code")


class AsOfForm(forms.Form):
    """The cut-off date of the entry home (GET parameter)."""

    as_of = CutOffField(label=_("As of"))


def add_refusal(form, error: ValidationError) -> None:
    """Show a service's refusal on a form: field errors on their fields, the rest above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class GridSourceForm(forms.Form):
    """The grid's source: where the figures of its new rows come from."""

    source = forms.CharField(label=_("Source of these figures"), max_length=200, required=False)
