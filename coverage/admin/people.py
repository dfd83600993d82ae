"""Users with their role and the places they are assigned to; assignments. An administrator who is not a
superuser hands out only what is within their own reach, and changes only users within it (places/access.py)."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coverage import roles
from coverage.admin.base import (
    AssignableOnlyAutocomplete,
    KeyOnlyAutocomplete,
    NoRepeatedRowsFormSet,
    constraint_message,
)
from coverage.models import Assignment, Preferences
from coverage.places import access

User = get_user_model()
# Group names are data (and English); these are how the user list shows them.
ROLE_LABELS = {
    roles.FIELD_STAFF: pgettext_lazy("admin", "Field staff"),
    roles.OFFICIALS: pgettext_lazy("admin", "Officials"),
    roles.ADMINISTRATORS: pgettext_lazy("admin", "Administrators"),
}
PLACE_BEYOND_REACH = _("You may assign only places within your own assignments.")
USER_BEYOND_REACH = _("You may assign only users whose places and groups are within your own.")
GROUP_BEYOND_REACH = _("You may give only groups that you are in yourself.")


class AssignmentWithinReach:
    """An assignment's user and place are chosen among those within the administrator's reach.

    The field's choices are the reach, so a posted value beyond it (a crafted form: the autocomplete does not
    offer it) is refused by the field, with the reason rather than Django's "not one of the available choices".
    """

    reach = {
        "user": (access.manageable_users, USER_BEYOND_REACH),
        "province": (access.assignable_provinces, PLACE_BEYOND_REACH),
        "regency": (access.assignable_regencies, PLACE_BEYOND_REACH),
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.reach:
            within, refusal = self.reach[db_field.name]
            kwargs["queryset"] = within(request.user)
            kwargs["error_messages"] = {"invalid_choice": refusal}
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssignmentInlineFormSet(NoRepeatedRowsFormSet):
    def row_key(self, cleaned_data):
        return cleaned_data.get("province") or cleaned_data.get("regency")

    def repeated_message(self, place):
        return constraint_message(Assignment, f"assignment_one_per_user_{place._meta.model_name}")


class AssignmentInline(AssignmentWithinReach, KeyOnlyAutocomplete, admin.TabularInline):
    # The user page is read only, inline included, for a user beyond the administrator's reach.
    model = Assignment
    formset = AssignmentInlineFormSet
    fields = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]
    extra = 0
    verbose_name_plural = _("places this user may enter data for")


@admin.register(Assignment)
class AssignmentAdmin(AssignmentWithinReach, KeyOnlyAutocomplete, admin.ModelAdmin):
    list_display = ["user", "province", "regency"]
    list_select_related = ["user", "province", "regency"]
    list_filter = [("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "province__name", "regency__name", "^regency__code"]
    autocomplete_fields = ["user", "province", "regency"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _within_reach(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Also asked for each row of the list's "delete selected" action.
        return super().has_delete_permission(request, obj) and _within_reach(request, obj)


def _within_reach(request, assignment) -> bool:
    """An assignment beyond the administrator's reach is shown but neither changed nor deleted: deleting it would
    change the access of a user they do not manage. (A user within reach has only places within it.)"""
    return assignment is None or access.may_manage(request.user, assignment.user)


admin.site.unregister(User)


class PreferencesInline(admin.StackedInline):
    """The language of the user's pages and emails, and whether they get reminders (the user sets both too, on their
    account page)."""

    model = Preferences
    can_delete = False
    max_num = 1
    verbose_name_plural = _("preferences")


@admin.register(User)
class UcjUserAdmin(AssignableOnlyAutocomplete, UserAdmin):
    """Django's user admin, with the user's role and the places they are assigned to."""

    inlines = [PreferencesInline, AssignmentInline]
    list_display = ["username", "first_name", "last_name", "roles", "is_staff", "is_superuser", "is_active"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]

    def assignable(self, user):
        return access.manageable_users(user)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        # Whoever may edit users but is not a superuser must not be able to make anyone one, give a permission,
        # or let anyone into the admin (who administers is a superuser's decision).
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser", "user_permissions"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = access.grantable_groups(request.user)
            kwargs["error_messages"] = {"invalid_choice": GROUP_BEYOND_REACH}
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # Nor change, or take over, the account of a user beyond their reach (a superuser, or someone with places,
        # groups or permissions they do not have): its page is read only, its password change page refused.
        if obj is not None and not access.may_manage(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=pgettext_lazy("admin", "role"))
    def roles(self, user):
        labels = [str(ROLE_LABELS.get(group.name, group.name)) for group in user.groups.all()]
        if user.is_superuser:
            labels.insert(0, str(pgettext_lazy("admin", "Superuser")))
        return ", ".join(labels) or "-"
