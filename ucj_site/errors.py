"""The server-error view: while the database is away the answer is 503 with Retry-After, not a plain 500."""
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
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
