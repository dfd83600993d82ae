"""The demo banner: a line on every page while demo data is stored, so that no screenshot passes for official figures.

Pages must not pay a query for it: a signed-in user's session carries the answer, decided once when they sign in;
a page seen before signing in asks the cache (one query per cache period and process).
"""
import functools

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver

from coverage.demo.figures import DEMO_MARK, PUBLISHED_AS_OF
from coverage.models import CoverageSnapshot

SESSION_KEY = "demo_data"
CACHE_KEY = "coverage:demo_data"
CACHE_SECONDS = 300


def demo_data_stored() -> bool:
    """Whether the demo is loaded: its Bali rows of 31 March 2025 are there (one index seek on the date)."""
    return CoverageSnapshot.objects.filter(as_of=PUBLISHED_AS_OF, source__startswith=DEMO_MARK).exists()


@receiver(user_logged_in, dispatch_uid="coverage.demo.banner")
def _decide_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = demo_data_stored()


def _decide(request) -> bool:
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is not None and user is not None and user.is_authenticated:
        if SESSION_KEY not in session:  # signed in before the banner existed
            session[SESSION_KEY] = demo_data_stored()
        return session[SESSION_KEY]
    return cache.get_or_set(CACHE_KEY, demo_data_stored, CACHE_SECONDS)


def demo_banner(request) -> dict:
    """Context processor: `demo_data`, decided only when a template asks (the admin's pages do not)."""
    return {"demo_data": functools.cache(lambda: _decide(request))}
