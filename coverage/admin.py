"""The administrators' screens: targets, snapshots, regions, people and who may enter what."""
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from coverage import roles, services
from coverage.admin_imports import SnapshotImportExport, TargetImportExport
from coverage.forms import CountField, add_refusal
from coverage.models import Assignment, CoverageSnapshot, Province, Regency, Target
from coverage.paging import EstimatedCountPaginator, ProbedDatesQuerySet

admin.site.site_header = _("UCJ Tracker administration")
admin.site.site_title = _("UCJ Tracker")
admin.site.index_title = _("Administration")
# The list pages need the width (filters sit beside them); the index page lists every model anyway.
admin.site.enable_nav_sidebar = False

User = get_user_model()
# Group names are data (and English); these are how the user list shows them.
ROLE_LABELS = {
    roles.FIELD_STAFF: pgettext_lazy("admin", "Field staff"),
    roles.OFFICIALS: pgettext_lazy("admin", "Officials"),
    roles.ADMINISTRATORS: pgettext_lazy("admin", "Administrators"),
}


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


# Targets -------------------------------------------------------------------------------------------


class TargetForm(forms.ModelForm):
    """The target rules with the messages of the database constraints behind them."""

    class Meta:
        model = Target
        fields = ["province", "regency", "year", "percent", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["percent"]
        error_messages = {
            "percent": {
                code: constraint_message(Target, "target_percent_in_range")
                for code in ("min_value", "max_value", "max_digits", "max_whole_digits")
            },
        }

    def _get_validation_exclusions(self):
        # The place rules span both place fields: check them even where a form shows only one
        # (the province page's inline), unless that field already failed.
        place_fields = {"province", "regency"} - set(self._errors or ())
        return super()._get_validation_exclusions() - place_fields


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


# Regions -------------------------------------------------------------------------------------------


class CodeReadOnlyAfterCreation:
    """Codes identify places in files, URLs and history: set once, never changed in the admin."""

    readonly_after_creation: tuple[str, ...] = ("code",)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + list(self.readonly_after_creation) if obj else readonly


class RegencyForm(forms.ModelForm):
    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "province"]

    def clean(self):
        cleaned = super().clean()
        code, province = cleaned.get("code"), cleaned.get("province")
        if code and province and not code.startswith(f"{province.code}."):
            self.add_error("code", ValidationError(
                _("A regency's code starts with its province's code, e.g. %(example)s."),
                code="code_outside_province", params={"example": f"{province.code}.01"},
            ))
        return cleaned


@admin.register(Province)
class ProvinceAdmin(ShownAgainWhenRaceLost, CodeReadOnlyAfterCreation, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["=code", "name"]
    inlines = [TargetInline]


class RegencyProvinceFilter(ProvinceListFilter):
    province_code_lookups = ("province__code",)


@admin.register(Regency)
class RegencyAdmin(CodeReadOnlyAfterCreation, admin.ModelAdmin):
    form = RegencyForm
    readonly_after_creation = ("code", "province")
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", RegencyProvinceFilter]
    search_fields = ["^code", "name"]
    list_select_related = ["province"]


# Snapshots -----------------------------------------------------------------------------------------


class SnapshotProvinceFilter(ProvinceListFilter):
    province_code_lookups = ("regency__province__code",)


class SourceContainsFilter(FormListFilter):
    """A text box rather than a list: listing the distinct sources would read every snapshot."""

    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        return queryset.filter(source__icontains=self.value()) if self.value() else queryset


COUNT_FIELDS = ["participants", "working_population", *CoverageSnapshot.SEGMENTS]


class SnapshotAdminForm(forms.ModelForm):
    """The snapshot form of the admin; what it saves goes through the entry services (services.py)."""

    change_reason = forms.CharField(
        label=_("Reason for the correction"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when correcting: why the figures change. Kept in the history."),
    )
    confirm_implausible = forms.BooleanField(
        label=_("The figures are right although they moved far from the previous snapshot"), required=False,
    )
    # The version the user saw: a save over a newer one is refused (optimistic locking).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by CoverageSnapshotAdmin when the service refused a first attempt to save this form.
    refusal: ValidationError | None = None

    class Meta:
        model = CoverageSnapshot
        fields = ["regency", "as_of", *COUNT_FIELDS, "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            add_refusal(self, self.refusal)
        return cleaned


class SnapshotRefused(Exception):
    """A service refused the save that the admin form had validated (e.g. someone saved in between)."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(KeyOnlyAutocomplete, SnapshotImportExport, HistoryAdmin):
    form = SnapshotAdminForm
    list_display = [
        "regency", "province", "as_of", "participants", "working_population", "coverage_percent", "changed_by",
    ]
    list_select_related = ["regency__province", "updated_by"]
    list_filter = [SnapshotProvinceFilter, SourceContainsFilter]
    date_hierarchy = "as_of"
    search_fields = ["^regency__code", "regency__name"]
    autocomplete_fields = ["regency"]
    # Newest cut-offs first; sorting on other columns would sort every row of a very long table.
    ordering = ["-as_of", "regency__code"]
    sortable_by = ["regency", "as_of"]
    # With hundreds of thousands of rows: no second COUNT(*) of the whole table, an estimated count
    # for the unfiltered list, and dates found by index probes (see paging.py).
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # counts per filter choice would each read the table
    paginator = EstimatedCountPaginator

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["regency", "as_of"]}),
            (pgettext_lazy("admin", "Counts"),
             {"fields": ["participants", "working_population", "coverage_percent"]}),
            (_("Breakdown (optional; the parts add up to the participants)"),
             {"fields": ["pu", "bpu", "jakon", "pmi"]}),
            (None, {"fields": ["source", "note", "confirm_implausible"]}),
        ]
        if obj:
            fieldsets += [
                (pgettext_lazy("admin", "Correction"), {"fields": ["change_reason", "expected_version"]}),
                (pgettext_lazy("admin", "Record"),
                 {"fields": ["version", "created_at", "created_by", "updated_at", "updated_by"]}),
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["coverage_percent", "version", "created_at", "created_by", "updated_at", "updated_by"]
        # A correction keeps the regency: a figure for another regency is a new snapshot.
        return ["regency", *readonly] if obj else readonly

    def get_queryset(self, request):
        return ProbedDatesQuerySet.from_queryset(super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        snapshot = super().get_object(request, object_id, from_field)
        if snapshot is not None:
            # The form writes what was typed into this instance, even when it refuses it: the page
            # shows the coverage that is stored (and never divides by a working population of 0).
            snapshot.stored_coverage = snapshot.coverage_percent
        return snapshot

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in COUNT_FIELDS:
            # The entry pages' count field: "935.079" in Indonesian, "935,079" in English, or plain digits.
            return CountField(label=capfirst(db_field.verbose_name), required=not db_field.blank)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.refusal = getattr(request, "_snapshot_refusal", None)
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SnapshotRefused as refused:
            # Nothing was stored (the view's transaction rolled back): show the same form again,
            # with what the user typed and the service's reason for refusing it.
            request._snapshot_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Record or correct through the same services as the entry pages (one rule, one place)."""
        data = form.cleaned_data
        try:
            if change:
                saved = services.snapshot_correct(
                    snapshot=CoverageSnapshot.objects.select_related("regency").get(pk=obj.pk),
                    changes={name: data[name] for name in services.CORRECTABLE_FIELDS if name in data},
                    by=request.user, reason=data["change_reason"],
                    expected_version=data["expected_version"] or 0,
                    confirm_implausible=data["confirm_implausible"],
                )
            else:
                saved = services.snapshot_record(
                    **{name: data[name] for name in ["regency", "as_of", *COUNT_FIELDS, "source", "note"]},
                    by=request.user, change_reason=data.get("change_reason", ""),
                    confirm_implausible=data["confirm_implausible"],
                )
        except ValidationError as error:
            raise SnapshotRefused(error) from None
        obj.pk, obj.version, obj._state.adding = saved.pk, saved.version, False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version is shown, never saved from here: a revert is a correction, with its reason.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        # A snapshot is evidence of a published figure: only a superuser removes one.
        return request.user.is_superuser

    @admin.display(description=_("province"), ordering="regency__province__code")
    def province(self, snapshot):
        return snapshot.regency.province

    @admin.display(description=pgettext_lazy("admin", "changed by"))
    def changed_by(self, snapshot):
        return snapshot.updated_by or "-"

    @admin.display(description=_("coverage (%)"))
    def coverage_percent(self, snapshot):
        if not snapshot.pk:
            return "-"
        # Localised here: the change form shows a method's value as plain text.
        stored = getattr(snapshot, "stored_coverage", None)
        return localize(snapshot.coverage_percent if stored is None else stored)


# People --------------------------------------------------------------------------------------------


class AssignmentInlineFormSet(NoRepeatedRowsFormSet):
    def row_key(self, cleaned_data):
        return cleaned_data.get("province") or cleaned_data.get("regency")

    def repeated_message(self, place):
        return constraint_message(Assignment, f"assignment_one_per_user_{place._meta.model_name}")


class AssignmentInline(KeyOnlyAutocomplete, admin.TabularInline):
    model = Assignment
    formset = AssignmentInlineFormSet
    fields = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]
    extra = 0
    verbose_name_plural = _("places this user may enter data for")


@admin.register(Assignment)
class AssignmentAdmin(KeyOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["user", "province", "regency"]
    list_select_related = ["user", "province", "regency"]
    list_filter = [("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "province__name", "regency__name", "^regency__code"]
    autocomplete_fields = ["user", "province", "regency"]


admin.site.unregister(User)


@admin.register(User)
class UcjUserAdmin(UserAdmin):
    """Django's user admin, with the user's role and the places they are assigned to."""

    inlines = [AssignmentInline]
    list_display = ["username", "first_name", "last_name", "roles", "is_staff", "is_superuser", "is_active"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        # Whoever may edit users but is not a superuser must not be able to make anyone one.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Nor take over a superuser's account (its password change page asks the same question).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=pgettext_lazy("admin", "role"))
    def roles(self, user):
        labels = [str(ROLE_LABELS.get(group.name, group.name)) for group in user.groups.all()]
        if user.is_superuser:
            labels.insert(0, str(pgettext_lazy("admin", "Superuser")))
        return ", ".join(labels) or "-"
