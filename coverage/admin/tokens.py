"""API tokens: made for a user (the token is shown once, on the page after saving), listed, and revoked."""
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coverage.api import services
from coverage.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "created_by", "last_used_at", "revoked_at"]
    list_select_related = ["user", "created_by"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "^prefix"]
    actions = ["revoke"]
    add_fields = ["user", "name"]
    readonly_fields = ["user", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at",
                       "revoked_by"]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            users = get_user_model().objects.filter(is_active=True).order_by("username")
            # A token reads as its user: whoever may not take over a superuser's account may not make one theirs.
            kwargs["queryset"] = users if request.user.is_superuser else users.filter(is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: the row says who made and who revoked it, and when it was used

    def save_model(self, request, obj, form, change):
        token, obj.shown_once = services.api_token_create(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"], created_by=request.user
        )
        obj.pk = token.pk
        obj.refresh_from_db()

    def response_add(self, request, obj, post_url_continue=None):
        """The new token, this once, instead of the usual redirect: it is kept nowhere, not even in a message."""
        response = TemplateResponse(request, "admin/coverage/apitoken/created.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "token": obj, "value": obj.shown_once,
            "title": _("API token created"),
        })
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            services.api_token_revoke(token=token, revoked_by=request.user)
        self.message_user(request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens))
                          % {"count": len(tokens)}, messages.SUCCESS)
