"""`/reporting/`'s parameters: the year (this year by default) and one province (else the whole country)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coverage.models import FIRST_CUT_OFF, Province


class ReportingForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), required=False,
        error_messages={"invalid": _("The year must be written as four digits, e.g. 2025.")},
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), to_field_name="code", required=False,
        empty_label=_("All provinces"),
        error_messages={"invalid_choice": _("“%(value)s” is not a province whose reporting you follow.")},
    )

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(regencies__in=regencies).distinct().order_by("code")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not FIRST_CUT_OFF.year <= year <= timezone.localdate().year:
            raise ValidationError(_("There are cut-offs from %(first)s to this year only."), code="year_out_of_range",
                                  params={"first": FIRST_CUT_OFF.year})
        return year
