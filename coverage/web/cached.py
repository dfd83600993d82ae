"""What the pages compute from the figures, computed once per change of the data rather than once per request.

A result is cached under the data version (DataVersion), which database triggers bump in the same transaction as
any write of the provinces, regencies, snapshots or targets. A reader that sees version N sees data at least as new
as N's, so a result cached under N is never older than what the database held when N was read; a write makes N+1
and every process, whatever cache it has (its own memory, or the Redis that CACHE_URL names), misses and
recomputes. Nothing is ever invalidated by hand, and nothing needs to be: what invalidates what is the list of
tables in DataVersion.TABLES. Old versions' entries are never read again; they leave the cache by its timeout or
its culling.
"""
import contextvars
import functools
import inspect

from django.core.cache import cache
from django.utils.translation import get_language

from coverage.models import DataVersion

# Entries of versions that have passed are dead weight: the timeout returns their memory within the hour.
TIMEOUT = 60 * 60


# The version a GET request read first, so that its other cached reads pay no query (DataVersionMiddleware).
_request_version: contextvars.ContextVar = contextvars.ContextVar("data_version", default=None)
_UNREAD = object()


def data_version() -> int | None:
    """The current data version (one query, once per GET request); None where its row is missing (a test database
    flushed): then nothing is cached."""
    version = _request_version.get()
    if version is None or version is _UNREAD:
        version = DataVersion.objects.filter(pk=1).values_list("number", flat=True).first()
        if _request_version.get() is _UNREAD:
            _request_version.set(version)
    return version


class DataVersionMiddleware:
    """Lets a GET (or HEAD) request read the data version once: its reads then all use the version it began with.

    Only reads: a request that may write (POST and the others) reads the version again at each cached read, so
    that what it reads after its own write is never a result cached before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(_UNREAD if request.method in ("GET", "HEAD") else None)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)


def key(name: str, version: int, *parts) -> str:
    """A cache key of a computed result: what it is, the data version, and everything it depends on."""
    return ":".join(("ucj", name, str(version), *map(str, parts)))


def fragment(name: str, *parts) -> dict:
    """What a template's `{% cache fragment.timeout name fragment.key %}` needs to keep HTML rendered from the data:
    a key of the data version, the language and `parts`; without a data version, a timeout of 0 (nothing kept)."""
    version = data_version()
    return {"timeout": 0 if version is None else TIMEOUT, "key": key(name, version, get_language(), *parts)}


def cached_read(function):
    """A selector taking keyword arguments only, cached under the data version and those arguments.

    Model instances among the arguments count by their primary key, everything else by its str(); defaults are
    filled in, so that a call that leaves one out shares its entry with a call that names it.
    """
    signature = inspect.signature(function)

    @functools.wraps(function)
    def read(**kwargs):
        arguments = signature.bind(**kwargs)
        arguments.apply_defaults()
        version = data_version()
        if version is None:
            return function(**kwargs)
        parts = (f"{name}={getattr(value, 'pk', value)}" for name, value in arguments.arguments.items())
        return cache.get_or_set(key(function.__qualname__, version, *parts), lambda: function(**kwargs), TIMEOUT)

    read.uncached = function
    return read
