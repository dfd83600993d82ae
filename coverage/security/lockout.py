"""Sign-in lockouts: per username and address (django-axes), and per address over every username (this handler);
and the answer to a sign-in attempt while locked out (AXES_LOCKOUT_CALLABLE): the login page, with why."""
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import ngettext


def address_locked(request) -> bool:
    """Whether the request's address failed AXES_ADDRESS_FAILURE_LIMIT times within the cool-off, any usernames.

    A successful sign-in deletes that account's failures from the address (AXES_RESET_ON_SUCCESS), so the
    typing errors of colleagues behind one office address do not add up; guesses at other accounts do."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return False
    failures = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"] or 0
    return failures >= settings.AXES_ADDRESS_FAILURE_LIMIT


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher limit per address.

    axes 8 can count per address too (AXES_LOCKOUT_PARAMETERS `"ip_address"`), but every parameter shares one
    AXES_FAILURE_LIMIT: five failures from an office's shared address would lock everybody there, and anyone's
    successful sign-in would erase the address's count. So axes counts per (username, address) as before, and an
    address over its own limit counts as locked for whichever username it tries."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_message(request) -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if address_locked(request):
        # Unlocking the account would not help: the administrator clears the address (README: Locked out?).
        return ngettext(
            "Too many failed sign-in attempts from your address. Try again in %(minutes)d minute, or ask an "
            "administrator to unlock your address.",
            "Too many failed sign-in attempts from your address. Try again in %(minutes)d minutes, or ask an "
            "administrator to unlock your address.",
            minutes,
        ) % {"minutes": minutes}
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
    context = {"form": form, "lockout_message": lockout_message(request), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
