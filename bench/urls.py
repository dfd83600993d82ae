"""The app's URLs plus the floor of the benchmark: a bare template of precomputed ranking rows."""
from django.shortcuts import render
from django.urls import include, path

# Filled by bench/rankings.py before it measures, so that the floor does no work but rendering.
FLOOR_ROWS: list = []


def floor(request):
    return render(request, "bench/floor.html", {"rows": FLOOR_ROWS})


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("ucj_site.urls")),
]
