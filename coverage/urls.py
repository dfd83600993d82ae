"""The app's pages (DESIGN.md: Pages)."""
from django.urls import path

from coverage import views

urlpatterns = [
    path("", views.home, name="home"),
    # Entry (field staff)
    path("entry/", views.entry, name="entry"),
    path("entry/new/", views.entry_new, name="entry_new"),
    path("entry/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entry/grid/", views.entry_grid, name="entry_grid"),
]
