"""Import and export buttons of the admin's target and snapshot lists (CSV, XLSX), with a preview before storing."""
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coverage.history import selectors
from coverage.imports import views
from coverage.places import access
from coverage.web import exports


class ImportExportAdmin:
    """A ModelAdmin's `import/` (upload, preview row by row, confirm) and `export/<csv|xlsx>/` (the filtered list)."""

    change_list_template = "admin/coverage/change_list_import_export.html"
    importer: views.Importer
    approvable = False  # whether its rows may be stored approved (snapshots, by someone who may review)
    export_columns: tuple[str, ...] = ()
    preview_template = "coverage/imports/_import_preview.html"

    def export_rows(self, queryset):
        raise NotImplementedError

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name=f"{prefix}_export"),
            *super().get_urls(),
        ]

    def may_import(self, request) -> bool:
        # An import both adds rows and corrects stored ones: it needs both permissions.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"may_import": self.may_import(request), **(extra_context or {})})

    def import_view(self, request):
        if not self.may_import(request):
            raise PermissionDenied
        opts = self.model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return views.import_page(
            request, template="admin/coverage/import.html", importer=self.importer, done=lambda plan: changelist,
            approvable=self.approvable and request.user.has_perm(access.REVIEW),
            context={**self.admin_site.each_context(request), "opts": opts, "preview_template": self.preview_template,
                     "title": _("Import %(things)s") % {"things": opts.verbose_name_plural}},
        )

    def export_view(self, request, fmt):
        """The rows the list shows with its current filters and search (every page), as CSV or XLSX."""
        if fmt not in exports.FORMATS or not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return exports.export_response(fmt, columns=self.export_columns, rows=self.export_rows(queryset),
                                       filename=str(self.model._meta.verbose_name_plural).replace(" ", "-"),
                                       title=capfirst(self.model._meta.verbose_name_plural))


class SnapshotImportExport(ImportExportAdmin):
    importer = views.SNAPSHOTS
    approvable = True
    export_columns = selectors.HISTORY_COLUMNS  # what /history/ exports, and what the import reads back

    def export_rows(self, queryset):
        return selectors.history_export_rows(queryset)


TARGET_COLUMNS = ("code", "place", "year", "percent", "source", "note")


class TargetImportExport(ImportExportAdmin):
    importer = views.TARGETS
    export_columns = TARGET_COLUMNS
    preview_template = "admin/coverage/_target_preview.html"

    def export_rows(self, queryset):
        for province_code, regency_code, province, regency, *rest in queryset.values_list(
                "province__code", "regency__code", "province__name", "regency__name",
                "year", "percent", "source", "note").iterator(chunk_size=2000):
            yield (province_code or regency_code, province or regency, *rest)
