"""Deadlines set for single cut-offs (with their history), and the log of the reminders sent."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coverage.admin.base import HistoryAdmin
from coverage.models import CutOff, ReminderSent
from coverage.reporting.deadlines import usual_deadline


@admin.register(CutOff)
class CutOffAdmin(HistoryAdmin):
    list_display = ["as_of", "deadline", "usual", "note"]
    fields = ["as_of", "deadline", "note"]

    @admin.display(description=_("usual deadline"))
    def usual(self, cut_off):
        return usual_deadline(cut_off.as_of)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Read only: rows are written by `send_reminders` alone, in the same transaction as their email."""

    list_display = ["day", "user", "kind", "as_of", "items", "sent_at"]
    list_filter = ["kind", "day", "as_of"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
