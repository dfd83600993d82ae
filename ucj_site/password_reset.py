"""Password-reset requests, limited per address and per email address (README: Production).

Each request may send a mail: without a limit, anybody could have the server mail a colleague again and again, or
send mail in bulk. The count is kept in the cache (CACHE_URL), whether or not the email address belongs to an
account, so that the answer tells nothing about which addresses exist.
"""
import hashlib
import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.utils.translation import gettext as _

from coverage.security.audit import client_ip, security_event

WINDOW_SECONDS = 3600


def counted(key: str) -> int:
    """Requests under `key` in its window (this one included); a window starts at its first request and lasts an
    hour. Read then written, not atomic: two requests at the same instant may count once, which a limit allows."""
    now = time.time()
    count, ends = cache.get(key, (0, now + WINDOW_SECONDS))
    cache.set(key, (count + 1, ends), timeout=max(1, int(ends - now)))
    return count + 1


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's view, refusing with 429 (and sending nothing) beyond PASSWORD_RESET_ADDRESS_LIMIT requests from one
    address or PASSWORD_RESET_EMAIL_LIMIT requests for one email address in an hour."""

    def form_valid(self, form):
        email = hashlib.sha256(form.cleaned_data["email"].strip().lower().encode()).hexdigest()
        limits = [
            ("address", f"password-reset:address:{client_ip(self.request)}", settings.PASSWORD_RESET_ADDRESS_LIMIT),
            ("email", f"password-reset:email:{email}", settings.PASSWORD_RESET_EMAIL_LIMIT),
        ]
        over = [scope for scope, key, limit in limits if counted(key) > limit]  # both counted, always
        if not over:
            return super().form_valid(form)
        security_event(self.request, "password_reset_limited", scope=",".join(over))
        form.add_error("email", _("Too many password reset requests. Try again in an hour, or ask an administrator "
                                  "to set a new password."))
        return self.render_to_response(self.get_context_data(form=form), status=429)
