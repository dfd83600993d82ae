"""Entry forms: they parse what people type; the rules on the figures live in the model and snapshots/."""
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from coverage.models import CoverageSnapshot, Province
from coverage.places import access
from coverage.snapshots.fields import CountField, CutOffField


class RegencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class CountsForm(forms.Form):
    """The counts of one snapshot and its note, shared by the single forms and the grid's rows."""

    participants = CountField(label=CoverageSnapshot.label("participants"))
    working_population = CountField(label=CoverageSnapshot.label("working_population"))
    pu = CountField(label=CoverageSnapshot.label("pu"), required=False)
    bpu = CountField(label=CoverageSnapshot.label("bpu"), required=False)
    jakon = CountField(label=CoverageSnapshot.label("jakon"), required=False)
    pmi = CountField(label=CoverageSnapshot.label("pmi"), required=False)
    note = forms.CharField(label=CoverageSnapshot.label("note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    confirm_implausible = forms.BooleanField(
        label=_("These figures are right: save them anyway (explain in the note)."), required=False)

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

    as_of = CutOffField(label=CoverageSnapshot.label("as_of"))
    source = forms.CharField(label=CoverageSnapshot.label("source"), max_length=200, required=False,
                             help_text=_("Where the figures come from, e.g. the branch office's monthly report."))

    confirm_cut_off = forms.BooleanField(label=_("This date is not a month's end: store it anyway."), required=False)

    field_order = list(CoverageSnapshot.FIGURES)

    @property
    def needs_cut_off_confirmation(self) -> bool:
        """The service refused a date that is not a month's end (or the box was ticked): show the box."""
        return self.has_error("as_of", "not_month_end") or bool(self.data.get(self.add_prefix("confirm_cut_off")))

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in CoverageSnapshot.FIGURES}


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
    note = forms.CharField(label=CoverageSnapshot.label("note"), required=False, max_length=2000)
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
    """The grid's source (where the figures of its new rows come from), and its date confirmed if not a month-end."""

    source = forms.CharField(label=_("Source of these figures"), max_length=200, required=False)
    confirm_cut_off = forms.BooleanField(label=_("This date is not a month's end: store it anyway."), required=False)
