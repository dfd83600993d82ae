"""The answer to a sign-in attempt while locked out (django-axes' AXES_LOCKOUT_CALLABLE): the login page, with why."""
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import ngettext


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-in attempts for this account from your address. Try again in %(minutes)d "
        "minute, or ask an administrator to unlock the account.",
        "Too many failed sign-in attempts for this account from your address. Try again in %(minutes)d "
        "minutes, or ask an administrator to unlock the account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    # 429 rather than 403: the request was well formed, the client is only told to slow down.
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username", "")})
    context = {"form": form, "lockout_message": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
