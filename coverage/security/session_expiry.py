"""Signed-in sessions end after an idle time and after an absolute lifetime (settings SESSION_IDLE_TIMEOUT and
SESSION_ABSOLUTE_TIMEOUT); a form posted after its session ended is given back, filled in, after signing in again.

How the form comes back: the expired POST is not carried out. Its fields (never the CSRF token, passwords or
files) are kept in the new anonymous session with the signed-out user's id and the form's path, and the user
is sent to sign in. Signing in keeps the session's data (Django cycles the key). The next GET of that path by
the same user takes the data out of the session and puts it on `request.recovered_form`; the page's template
writes it as a JSON data block and `static/js/recover-form.js` fills the form's fields, so the user checks the
form and submits it again: nothing is stored that the user did not submit while signed in.
"""
import json
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from coverage.security.audit import security_event

STARTED = "ucj_session_started"
LAST_SEEN = "ucj_session_last_seen"
RECOVERED = "ucj_recovered_form"

# The last-seen time is written at most this often, so that reading pages does not write the session each time.
TOUCH_EVERY_SECONDS = 60
# A form bigger than this is not kept (a session row is no place for bulk data).
MAX_KEPT_BYTES = 64 * 1024

ENDED_IDLE = ngettext_lazy(
    "Your session ended after %(count)d minute without activity. Please sign in again.",
    "Your session ended after %(count)d minutes without activity. Please sign in again.",
    "count",
)
ENDED_ABSOLUTE = ngettext_lazy(
    "Your session ended because it was opened more than %(count)d hour ago. Please sign in again.",
    "Your session ended because it was opened more than %(count)d hours ago. Please sign in again.",
    "count",
)


def _never_kept(name: str) -> bool:
    return name == "csrfmiddlewaretoken" or "password" in name.lower()


@receiver(user_logged_in, dispatch_uid="ucj_session_clock")
def _start_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[LAST_SEEN] = now


class SessionExpiryMiddleware:
    """Placed after CsrfViewMiddleware, AuthenticationMiddleware and MessageMiddleware: its process_view runs
    only for requests that passed the CSRF check, so a forged cross-site POST is never kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED, now)
        last_seen = session.setdefault(LAST_SEEN, now)
        if now - started >= settings.SESSION_ABSOLUTE_TIMEOUT:
            return self._end(request, view_func, reason="absolute")
        if now - last_seen >= settings.SESSION_IDLE_TIMEOUT:
            return self._end(request, view_func, reason="idle")
        if now - last_seen >= TOUCH_EVERY_SECONDS:
            session[LAST_SEEN] = now
        self._give_back(request)
        return None

    def _end(self, request, view_func, *, reason):
        user_pk = request.user.pk
        kept = None
        if request.method == "POST" and not getattr(view_func, "csrf_exempt", False):
            kept = {name: request.POST.getlist(name) for name in request.POST if not _never_kept(name)}
            if len(json.dumps(kept)) > MAX_KEPT_BYTES:
                kept = None
        security_event(request, "session_expired", reason=reason, form_kept=bool(kept))
        had_files = request.method == "POST" and bool(request.FILES)
        logout(request)
        if reason == "idle":
            text = ENDED_IDLE % {"count": settings.SESSION_IDLE_TIMEOUT // 60}
        else:
            text = ENDED_ABSOLUTE % {"count": settings.SESSION_ABSOLUTE_TIMEOUT // 3600}
        messages.warning(request, text)
        if request.method != "POST":
            return None  # the page goes on as for anyone signed out (sign-in pages send to the login)
        if kept:
            request.session[RECOVERED] = {"user": user_pk, "path": request.get_full_path(), "data": kept}
            messages.info(request, _("What you typed was not saved yet: it will be put back into the form after "
                                     "you sign in, for you to check and submit again."))
        if had_files:
            messages.warning(request, _("Files that you chose have to be chosen again."))
        return redirect_to_login(request.get_full_path())

    def _give_back(self, request):
        saved = request.session.get(RECOVERED)
        if not saved:
            return
        if saved["user"] != request.user.pk:
            del request.session[RECOVERED]  # someone else signed in on this browser: not theirs to see
        elif request.method == "GET" and request.get_full_path() == saved["path"]:
            del request.session[RECOVERED]
            request.recovered_form = saved["data"]
            messages.info(request, _("What you typed before your session ended has been put back into the form. "
                                     "Check it and submit it again."))
