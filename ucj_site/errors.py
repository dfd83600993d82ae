"""Error views: the server error (503 with Retry-After while the database is away, not a plain 500), and the
refusal of a form whose CSRF token is missing or wrong."""
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

# Seconds after which a client may try again: a database restart takes a few (docs/benchmarks.md, Load and faults).
RETRY_AFTER_SECONDS = 5


@requires_csrf_token
def server_error(request):
    """Like Django's own, rendered without a request context, since that may need the database."""
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    response = HttpResponseServerError(loader.get_template("500.html").render({"unavailable": unavailable}))
    if unavailable:
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the app's 403 page, saying what to do. Django's reason (e.g. "CSRF token missing") is in
    the log (logger django.security.csrf), not on the page: it means nothing to the user."""
    message = _("Your form could not be sent: its security check failed, usually because the page was open for a "
                "long time or cookies are blocked. Go back, reload the page and send the form again.")
    return render(request, "403.html", {"exception": message}, status=403)
