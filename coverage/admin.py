"""The administrators' screens (a first, plain version for every model)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coverage.models import Assignment, CoverageSnapshot, Province, Regency, Target

admin.site.site_header = _("UCJ Tracker administration")
admin.site.site_title = _("UCJ Tracker")
admin.site.index_title = _("Administration")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(CoverageSnapshot)
class CoverageSnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["regency", "as_of", "participants", "working_population", "coverage_percent", "updated_by"]
    list_select_related = ["regency", "updated_by"]
    date_hierarchy = "as_of"
    search_fields = ["regency__code", "regency__name"]
    autocomplete_fields = ["regency"]
    readonly_fields = ["version", "created_at", "created_by", "updated_at", "updated_by"]

    @admin.display(description=_("coverage (%)"))
    def coverage_percent(self, snapshot):
        return snapshot.coverage_percent


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "province", "regency", "percent", "source"]
    list_filter = ["year", "source"]
    list_select_related = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "regency"]
    list_select_related = ["user", "province", "regency"]
    autocomplete_fields = ["province", "regency"]
