"""What the pages compute from the figures, computed once per change of the data rather than once per request.

A result is cached under the data version (DataVersion), which database triggers bump in the same transaction as
any write of the provinces, regencies, snapshots or targets. A reader that sees version N sees data at least as new
as N's, so a result cached under N is never older than what the database held when N was read; a write makes N+1
and every process, whatever cache it has (its own memory, or the Redis that CACHE_URL names), misses and
recomputes. Nothing is ever invalidated by hand, and nothing needs to be: what invalidates what is the list of
tables in DataVersion.TABLES. Old versions' entries are never read again; they leave the cache by its timeout or
its culling.
"""
import functools
import inspect

from django.core.cache import cache

from coverage.models import DataVersion

# Entries of versions that have passed are dead weight: the timeout returns their memory within the hour.
TIMEOUT = 60 * 60


def data_version() -> int | None:
    """The current data version (one query); None where its row is missing (a test database flushed): no caching."""
    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first()


def key(name: str, version: int, *parts) -> str:
    """A cache key of a computed result: what it is, the data version, and everything it depends on."""
    return ":".join(("ucj", name, str(version), *map(str, parts)))


def get_or_compute(name: str, parts: tuple, compute, *, version: int | None = None):
    """`compute()` cached under the data version and `parts` (values whose str() tells them apart)."""
    version = data_version() if version is None else version
    if version is None:
        return compute()
    return cache.get_or_set(key(name, version, *parts), compute, TIMEOUT)


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
        parts = tuple(f"{name}={getattr(value, 'pk', value)}" for name, value in arguments.arguments.items())
        return get_or_compute(function.__qualname__, parts, lambda: function(**kwargs))

    read.uncached = function
    return read
