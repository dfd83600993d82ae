"""The app's pages (DESIGN.md: Pages), each package's under its own path."""
from django.urls import include, path

urlpatterns = [
    path("", include("coverage.rankings.urls")),
    path("history/", include("coverage.history.urls")),
    path("report/", include("coverage.outlook.urls")),
    path("entry/", include("coverage.entry.urls")),
    path("entry/upload/", include("coverage.imports.urls")),
    path("review/", include("coverage.review.urls")),
    path("reporting/", include("coverage.reporting.urls")),
    path("accounts/", include("coverage.accounts.urls")),
    path("api/v1/", include("coverage.api.urls")),
]
