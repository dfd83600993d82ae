"""The app's URLs plus the floors of the serving benchmarks: a signed-in page that does nothing else, and one that
renders the national ranking's 514 rows from a bare template (the rows computed once per worker)."""
import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from ucj_site.urls import urlpatterns as site_urlpatterns


@login_required
def floor(request):
    # Every middleware runs (session, user, CSP, headers): what a page costs before it does any work.
    return HttpResponse("ok", content_type="text/plain")


@functools.cache
def _floor_rows():
    from bench.rankings import AS_OF
    from coverage.rankings.selectors import regency_ranking

    return regency_ranking.uncached(as_of=AS_OF)


@login_required
def floor_rows(request):
    """The issue's floor: the national ranking's first `rows` rows (all 514 by default) from a bare template,
    through the same middleware: what a page showing that many rows cannot go below."""
    rows = request.GET.get("rows", "")
    return render(request, "bench/floor.html", {"rows": _floor_rows()[:int(rows) if rows.isdigit() else None]})


urlpatterns = [path("bench/ping/", floor), path("bench/floor/", floor_rows), *site_urlpatterns]
