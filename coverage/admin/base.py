"""What the admin screens share: safe autocompletes, autocompletes of what an assignment may name, history with
localised values, list filters as forms, forms shown again after a lost race, inline rows that must not repeat,
codes fixed once created."""
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from coverage.models import Assignment, Province


class KeyOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, but a posted value that is no key (a tampered form) shows as nothing chosen.

    Django re-renders the posted value by filtering the place's table with it, which raises ValueError
    (a server error) for text such as "51.03"; the field itself already refuses the value with a message.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [choice for choice in value if self._is_key(choice)], attr)

    def _is_key(self, choice) -> bool:
        try:
            self.field.target_field.to_python(choice)
        except ValidationError:
            return False
        return True


class KeyOnlyAutocomplete:
    """Admin screens whose autocomplete fields use KeyOnlyAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault("widget", KeyOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssignableOnlyAutocomplete:
    """Admins of what an assignment names (its user, its place): its autocompletes offer only what the
    administrator may hand out (places/access.py); elsewhere (a target's province) everything.

    Django's autocomplete view asks this admin for its search results. The assignment forms refuse the rest
    anyway (a crafted POST): this only keeps it from being offered.
    """

    def assignable(self, user) -> QuerySet:
        raise NotImplementedError

    def get_search_results(self, request, queryset, search_term):
        if _autocompletes_an_assignment(request):
            queryset = queryset.filter(pk__in=self.assignable(request.user))
        return super().get_search_results(request, queryset, search_term)


def _autocompletes_an_assignment(request) -> bool:
    opts = Assignment._meta
    return (getattr(request.resolver_match, "url_name", None) == "autocomplete"
            and (request.GET.get("app_label"), request.GET.get("model_name")) == (opts.app_label, opts.model_name))


class LocalisedHistoryHelper(HistoricalRecordContextHelper):
    """Old -> new values in the history with the active language's digits (935.079, 67,28)."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        return localize(value) if isinstance(value, int | Decimal) and not isinstance(value, bool) else value


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin: every revision with who, when, why and old -> new."""

    object_history_list_template = "admin/coverage/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalisedHistoryHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        _require_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _require_id(self.model, object_id)
        _require_id(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _require_id(model, value):
    """simple_history's views would answer a malformed id in the URL with a server error: a 404 instead."""
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        raise Http404 from None


def constraint_message(model, name):
    """The message a database constraint carries, so that a form says exactly what the database refuses."""
    return next(c for c in model._meta.constraints if c.name == name).violation_error_message


class FormListFilter(admin.SimpleListFilter):
    """A list filter drawn as a small form (a select or a text box) rather than a list of links."""

    template = "admin/coverage/form_filter.html"

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            "options": self.lookup_choices,
            # The other filters of the list, kept when this one is submitted.
            "hidden": [(k, v) for k, v in changelist.get_filters_params().items() if k != self.parameter_name],
            "clear_link": changelist.get_query_string(remove=[self.parameter_name]),
        }


class ProvinceListFilter(FormListFilter):
    """Filter by province code: a select of the 38 provinces, never of the rows behind them."""

    title = _("province")
    parameter_name = "province"
    # Lookups (relative to the admin's model) that place a row in a province.
    province_code_lookups: tuple[str, ...] = ()

    def lookups(self, request, model_admin):
        return list(Province.objects.values_list("code", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        condition = Q()
        for lookup in self.province_code_lookups:
            condition |= Q(**{lookup: self.value()})
        return queryset.filter(condition)


class ShownAgainWhenRaceLost:
    """A save that passed validation but lost a race (the database refused it) shows the form again.

    The view's transaction has rolled back; the second validation sees the row that won and says why.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            return super().changeform_view(request, object_id, form_url, extra_context)


class NoRepeatedRowsFormSet(forms.BaseInlineFormSet):
    """Two new rows of one inline that repeat each other each pass alone against the database: refuse them here."""

    def row_key(self, cleaned_data):
        raise NotImplementedError

    def repeated_message(self, key) -> str:
        raise NotImplementedError

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = self.row_key(form.cleaned_data)
            if key in seen:
                raise ValidationError(self.repeated_message(key), code="repeated_row")
            seen.add(key)


class CodeReadOnlyAfterCreation:
    """Codes identify places in files, URLs and history: set once, never changed in the admin."""

    readonly_after_creation: tuple[str, ...] = ("code",)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + list(self.readonly_after_creation) if obj else readonly
