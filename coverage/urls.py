"""The app's pages (DESIGN.md: Pages)."""
from django.urls import path

from coverage import upload_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/provinces/", views.province_rankings, name="province_rankings"),
    # H4b
    path("provinces/<str:code>/", views.province_detail, name="province_detail"),
    path("regencies/<str:code>/", views.regency_detail, name="regency_detail"),
    path("history/", views.history, name="history"),
    # Entry (field staff)
    path("entry/", views.entry, name="entry"),
    path("entry/new/", views.entry_new, name="entry_new"),
    path("entry/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entry/grid/", views.entry_grid, name="entry_grid"),
    path("entry/upload/", upload_views.entry_upload, name="entry_upload"),
]
