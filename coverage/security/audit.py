"""Security events in the log: who, from which address, what happened (sign-in failures, lockouts, refusals).

Other modules call `security_event(request, "write_refused", regency="51.03")`; the time is the log line's
`ts`. Lines look like `... logger=ucj.security event=signin_failed user=- ip=10.0.0.7 method=POST
path=/accounts/login/ username=petugas` and are found with `grep logger=ucj.security`.
"""
import logging

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from ucj_site.logfmt import kv_line

logger = logging.getLogger("ucj.security")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry that our own proxies added to X-Forwarded-For.

    Only the last TRUSTED_PROXY_COUNT entries were written by proxies we run; anything to their left
    was sent by the client and could be forged, so it is never used.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None  # None, not a placeholder: axes stores it in an inet column


def security_event(request, event: str, **fields) -> None:
    """Log one security-relevant event with the signed-in user (or `-`), address, method and path."""
    user = getattr(request, "user", None) if request is not None else None
    line = kv_line(
        event=event,
        user=user.get_username() if user is not None and user.is_authenticated else "-",
        ip=(client_ip(request) if request is not None else None) or "-",
        method=request.method if request is not None else "-",
        path=request.path if request is not None else "-",
        **fields,
    )
    logger.warning(line, extra={"kv": True})


def refusal_codes(*errors_by_field) -> str:
    """The codes of the errors on refused forms (`form.errors.as_data()`), e.g. `duplicate,not_assigned`."""
    codes = {error.code or "invalid" for errors in errors_by_field for field_errors in errors.values()
             for error in field_errors}
    return ",".join(sorted(codes))


def write_refused(request, action: str, *errors_by_field, **fields) -> None:
    """A refused record, correction or grid save: what was tried and why, for the security log."""
    security_event(request, "write_refused", action=action, codes=refusal_codes(*errors_by_field), **fields)


@receiver(user_login_failed, dispatch_uid="ucj_audit_signin_failed")
def _log_signin_failure(sender, credentials, request=None, **kwargs):
    security_event(request, "signin_failed", username=credentials.get("username", ""))


def _log_lockout(sender, request, username, ip_address, **kwargs):
    security_event(request, "signin_locked_out", username=username or "")


def connect_lockout_log() -> None:
    """Called from the app's ready(): axes' signal module may only be imported once apps are loaded."""
    from axes.signals import user_locked_out

    user_locked_out.connect(_log_lockout, dispatch_uid="ucj_audit_locked_out")


class RefusalLogMiddleware:
    """Logs every 403 answer (permission refused, CSRF failure), whichever part of the app gave it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            security_event(request, "access_refused", status=403)
        return response
