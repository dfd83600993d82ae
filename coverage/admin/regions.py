"""Provinces (with their targets inline) and regencies; codes are set once and never changed."""
from django.contrib import admin

from coverage.admin.base import (
    AssignableOnlyAutocomplete,
    CodeReadOnlyAfterCreation,
    ProvinceListFilter,
    ShownAgainWhenRaceLost,
)
from coverage.admin.targets import TargetInline
from coverage.models import Province, Regency
from coverage.places import access


@admin.register(Province)
class ProvinceAdmin(AssignableOnlyAutocomplete, ShownAgainWhenRaceLost, CodeReadOnlyAfterCreation, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["=code", "name"]
    inlines = [TargetInline]

    def assignable(self, user):
        return access.assignable_provinces(user)


class RegencyProvinceFilter(ProvinceListFilter):
    province_code_lookups = ("province__code",)


@admin.register(Regency)
class RegencyAdmin(AssignableOnlyAutocomplete, CodeReadOnlyAfterCreation, admin.ModelAdmin):
    readonly_after_creation = ("code", "province")
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", RegencyProvinceFilter]
    search_fields = ["^code", "name"]
    list_select_related = ["province"]

    def assignable(self, user):
        return access.assignable_regencies(user)
