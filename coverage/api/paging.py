"""The API's lists: `{"results": [...], "next": <url or null>, "previous": <url or null>}`, a page at a time.

Short lists (the regions, the targets, the rankings) are paged by number (`page`, `per_page`); the snapshots,
up to the whole national history, by keyset (`after` / `before` a position, see selectors.keyset_slice).
"""
import math

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from coverage.api import parameters, selectors
from coverage.api.columns import json_value
from coverage.history.selectors import HISTORY_COLUMNS, history_export_rows

PER_PAGE = 100
MAX_PER_PAGE = 1000


def _per_page(request) -> int:
    return parameters.whole_number(
        request, "per_page", default=PER_PAGE, low=1, high=MAX_PER_PAGE,
        message=_("Rows per page must be a number from 1 to %(max)s.") % {"max": MAX_PER_PAGE},
    )


def _link(request, **changes) -> str:
    """This request's URL with some parameters changed (None: left out)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = value
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}" if query else request.path)


def _json_rows(columns, rows) -> list[dict]:
    return [dict(zip(columns, map(json_value, row), strict=True)) for row in rows]


def numbered_page(request, rows, *, columns) -> dict:
    """Page `page` of `rows` (a list, or a query: then it is read once, whole, as the short lists are)."""
    rows = list(rows)
    size = _per_page(request)
    last = max(1, math.ceil(len(rows) / size))
    number = parameters.whole_number(
        request, "page", default=1, low=1, high=10**9,
        message=_("A page is a number from 1 to %(last)s.") % {"last": last},
    )
    if number > last:
        raise NotFound(_("There is no page %(page)s: the last one is %(last)s.") % {"page": number, "last": last})
    return {
        "results": _json_rows(columns, rows[(number - 1) * size: number * size]),
        "next": _link(request, page=number + 1) if number < last else None,
        "previous": _link(request, page=number - 1) if number > 1 else None,
    }


_AS_OF, _CODE = HISTORY_COLUMNS.index("as_of"), HISTORY_COLUMNS.index("code")


def _position(row) -> str:
    return parameters.write_position(row[_AS_OF], row[_CODE])


def keyset_page(request, snapshots) -> dict:
    """The history export's rows of `snapshots` next to the position `after` or `before`, or from the start."""
    size = _per_page(request)
    after, before = parameters.position(request, "after"), parameters.position(request, "before")
    if after and before:
        raise parameters.BadParameters({"before": [_("Give “after” or “before”, not both.")]})
    rows = list(history_export_rows(selectors.keyset_slice(snapshots, after=after, before=before, size=size)))
    more, rows = len(rows) > size, rows[:size]
    if before:
        rows.reverse()
    # Read forwards, the rows before exist (the position came from one); read backwards, the rows after do.
    has_next, has_previous = (True, more) if before else (more, after is not None)
    return {
        "results": _json_rows(HISTORY_COLUMNS, rows),
        "next": _link(request, after=_position(rows[-1]), before=None) if rows and has_next else None,
        "previous": _link(request, before=_position(rows[0]), after=None) if rows and has_previous else None,
    }
