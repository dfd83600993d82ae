"""Snapshots in the admin: written through the same services as the entry pages; a list fast on long tables."""
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coverage.admin.base import FormListFilter, HistoryAdmin, KeyOnlyAutocomplete, ProvinceListFilter
from coverage.admin.paging import EstimatedCountPaginator, ProbedDatesQuerySet
from coverage.entry.forms import add_refusal
from coverage.imports.admin import SnapshotImportExport
from coverage.models import CoverageSnapshot
from coverage.snapshots import services
from coverage.snapshots.fields import CountField


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


class SnapshotAdminForm(forms.ModelForm):
    """The snapshot form of the admin; what it saves goes through the entry pages' services (snapshots/services.py)."""

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
        fields = ["regency", *CoverageSnapshot.FIGURES]
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
        "regency", "province", "as_of", "participants", "working_population", "coverage_percent", "status",
        "changed_by",
    ]
    list_select_related = ["regency__province", "updated_by"]
    list_filter = ["status", SnapshotProvinceFilter, SourceContainsFilter]
    date_hierarchy = "as_of"
    search_fields = ["^regency__code", "regency__name"]
    autocomplete_fields = ["regency"]
    # Newest cut-offs first; sorting on other columns would sort every row of a very long table.
    ordering = ["-as_of", "regency__code"]
    sortable_by = ["regency", "as_of"]
    # With hundreds of thousands of rows: no second COUNT(*) of the whole table, an estimated count for the
    # unfiltered list and one capped at 10,000 for a filtered list, a page's keys found before its rows, and
    # dates found by index probes (see paging.py).
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # counts per filter choice would each read the table
    paginator = EstimatedCountPaginator

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["regency", "as_of"]}),
            (pgettext_lazy("admin", "Counts"),
             {"fields": ["participants", "working_population", "coverage_percent"]}),
            (_("Breakdown (optional; the parts add up to the participants)"),
             {"fields": list(CoverageSnapshot.SEGMENTS)}),
            (None, {"fields": ["source", "note", "confirm_implausible"]}),
        ]
        if obj:
            fieldsets += [
                (pgettext_lazy("admin", "Correction"), {"fields": ["change_reason", "expected_version"]}),
                (pgettext_lazy("admin", "Review"),
                 {"fields": ["status", "reviewed_by", "reviewed_at", "review_comment"]}),
                (pgettext_lazy("admin", "Record"),
                 {"fields": ["version", "created_at", "created_by", "updated_at", "updated_by"]}),
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # A figure's state changes only through review (/review/), which keeps the four-eyes rule.
        readonly = ["coverage_percent", "version", "created_at", "created_by", "updated_at", "updated_by",
                    "status", "reviewed_by", "reviewed_at", "review_comment"]
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
        if db_field.name in CoverageSnapshot.COUNTS:
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
                    changes={name: data[name] for name in CoverageSnapshot.FIGURES if name in data},
                    by=request.user, reason=data["change_reason"],
                    expected_version=data["expected_version"] or 0,
                    confirm_implausible=data["confirm_implausible"],
                )
            else:
                saved = services.snapshot_record(
                    **{name: data[name] for name in ["regency", *CoverageSnapshot.FIGURES]},
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

    def get_actions(self, request):
        # One at a time, each with its reason (delete_view): no deletion of a whole selection without one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation asks why; a confirmation without a reason shows the page again and deletes nothing."""
        if request.method == "POST" and not request.POST.get("deletion_reason", "").strip():
            extra_context = {**(extra_context or {}), "reason_missing": True}
            request.method, request.POST = "GET", QueryDict()
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.snapshot_delete(snapshot=obj, by=request.user, reason=request.POST["deletion_reason"])

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
