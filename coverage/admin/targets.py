"""Targets: yearly percentages per province or regency and source, with their history, import and export."""
from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coverage.admin.base import (
    HistoryAdmin,
    KeyOnlyAutocomplete,
    NoRepeatedRowsFormSet,
    ProvinceListFilter,
    ShownAgainWhenRaceLost,
    constraint_message,
)
from coverage.imports.admin import TargetImportExport
from coverage.models import Target
from coverage.snapshots.fields import PercentField

# The constraints that refuse a second target of one place, year and source.
DUPLICATE_CODES = ("target_one_per_province_year_source", "target_one_per_regency_year_source")


class TargetForm(forms.ModelForm):
    """The target rules with the messages of the database constraints behind them; the percentage read as the
    entry pages and the files read it ("72,5" and "72.5" are 72.5 in either language)."""

    class Meta:
        model = Target
        fields = ["province", "regency", "year", "percent", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["percent"]  # shown as the page's language writes it: 67,28 / 67.28
        field_classes = {"percent": PercentField}  # read in either way, whatever the page's language
        error_messages = {
            "percent": {
                code: constraint_message(Target, "target_percent_in_range")
                for code in ("min_value", "max_value", "max_digits", "max_whole_digits")
            },
        }

    def _post_clean(self):
        super()._post_clean()  # the model's constraints: a second target of a place, year and source
        if any(self.has_error(NON_FIELD_ERRORS, code) for code in DUPLICATE_CODES):
            existing = Target.objects.filter(
                province=self.instance.province_id, regency=self.instance.regency_id, year=self.instance.year,
                source=self.instance.source).exclude(pk=self.instance.pk).first()
            if existing is not None:
                self.add_error(None, ValidationError(format_html(
                    '<a href="{}">{}</a>', reverse("admin:coverage_target_change", args=[existing.pk]),
                    _("Open the existing target (%(percent)s%%) to change it") % {
                        "percent": formats.localize(existing.percent, use_l10n=True)}), code="existing_target"))

    def _get_validation_exclusions(self):
        # The place rules span both place fields: check them even where a form shows only one
        # (the province page's inline), unless that field already failed.
        place_fields = {"province", "regency"} - set(self._errors or ())
        return super()._get_validation_exclusions() - place_fields


class TargetInlineFormSet(NoRepeatedRowsFormSet):
    def row_key(self, cleaned_data):
        return cleaned_data.get("year"), cleaned_data.get("source")

    def repeated_message(self, key):
        return constraint_message(Target, "target_one_per_province_year_source")


class TargetInline(admin.TabularInline):
    model = Target
    fk_name = "province"
    form = TargetForm
    formset = TargetInlineFormSet
    fields = ["year", "percent", "source", "note"]
    extra = 0
    verbose_name_plural = _("targets of this province")


class TargetProvinceFilter(ProvinceListFilter):
    province_code_lookups = ("province__code", "regency__province__code")


@admin.register(Target)
class TargetAdmin(KeyOnlyAutocomplete, TargetImportExport, ShownAgainWhenRaceLost, HistoryAdmin):
    form = TargetForm
    list_display = ["place", "place_code", "year_", "percent", "source"]
    list_filter = ["year", "source", TargetProvinceFilter]
    list_select_related = ["province", "regency__province"]
    search_fields = ["province__name", "=province__code", "regency__name", "^regency__code"]
    autocomplete_fields = ["province", "regency"]
    fieldsets = [
        (_("Place (a province or a regency, not both)"), {"fields": ["province", "regency"]}),
        (None, {"fields": ["year", "percent", "source", "note"]}),
    ]

    @admin.display(description=_("year"), ordering="year")
    def year_(self, target):
        return str(target.year)  # a year, not a number: no thousands separator

    @admin.display(description=pgettext_lazy("admin", "place"))
    def place(self, target):
        return target.place

    @admin.display(description=_("code"))
    def place_code(self, target):
        return target.place.code
