"""`Cache-Control: private, no-store` on every answer to a signed-in user (README: Production)."""
from django.utils.cache import patch_cache_control


class PrivateCacheControlMiddleware:
    """Signed-in pages and downloads hold unpublished figures and personal data, which neither a shared proxy nor
    the browser's disk should keep (a shared office computer, the back button after signing out).

    One rule for every answer rather than a decorator per view, so that no new page, export or admin screen can
    forget it; an answer that set its own Cache-Control keeps it. Static files never reach this middleware (WhiteNoise
    answers them first), and they hold nothing private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # after the view: a sign-in or sign-out in it counts
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
