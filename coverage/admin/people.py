"""Users with their role and the places they are assigned to; assignments."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coverage import roles
from coverage.admin.base import KeyOnlyAutocomplete, NoRepeatedRowsFormSet, constraint_message
from coverage.models import Assignment

User = get_user_model()
# Group names are data (and English); these are how the user list shows them.
ROLE_LABELS = {
    roles.FIELD_STAFF: pgettext_lazy("admin", "Field staff"),
    roles.OFFICIALS: pgettext_lazy("admin", "Officials"),
    roles.ADMINISTRATORS: pgettext_lazy("admin", "Administrators"),
}


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
