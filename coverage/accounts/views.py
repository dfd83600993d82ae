"""`/accounts/profile/`: a user's own settings (language, reminders) and their API tokens, made and revoked here."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coverage.accounts import services as accounts
from coverage.accounts.forms import ApiTokenForm, PreferencesForm
from coverage.api import selectors, services


def _profile_page(request, *, token_form, preferences_form=None, new_token=None, status=200):
    # never_cache on every answer: the page shows a new token once, and no browser or proxy may keep it.
    return render(request, "coverage/accounts/profile.html", {
        "token_form": token_form, "new_token": new_token, "tokens": selectors.api_tokens_of(request.user),
        "preferences_form": preferences_form or PreferencesForm(instance=accounts.preferences_of(request.user)),
    }, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The page; posted, the user's language and reminders (the pages follow the language at once)."""
    form = PreferencesForm(request.POST or None, instance=accounts.preferences_of(request.user))
    if request.method == "POST":
        if not form.is_valid():
            return _profile_page(request, token_form=ApiTokenForm(), preferences_form=form, status=400)
        saved = accounts.preferences_save(user=request.user, **form.cleaned_data)
        translation.activate(saved.language)
        messages.success(request, _("Your settings are saved."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, saved.language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response
    return _profile_page(request, token_form=ApiTokenForm(), preferences_form=form)


@never_cache
@login_required
@require_POST
def api_token_create(request):
    """A new token, shown on the page this once (not redirected: it is kept nowhere, not even for one request)."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form, status=400)
    _token, value = services.api_token_create(user=request.user, name=form.cleaned_data["name"],
                                              created_by=request.user)
    return _profile_page(request, token_form=ApiTokenForm(), new_token=value)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.api_token_revoke(token=token, revoked_by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked: it opens nothing any more.") % {"name": token.name})
    return redirect("profile")
