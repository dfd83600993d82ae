"""A cap on the size of a request body, uploads included (setting MAX_REQUEST_BYTES): bigger ones get a 413."""
from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from coverage.security.audit import security_event


class RequestSizeLimitMiddleware:
    """Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files; this caps both,
    from the declared Content-Length, before anything is read. The proxy in front should cap it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            security_event(request, "request_too_large", bytes=length, limit=settings.MAX_REQUEST_BYTES)
            message = _("The file or form is too large: at most %(size)s can be sent at once.") % {
                "size": filesizeformat(settings.MAX_REQUEST_BYTES)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
