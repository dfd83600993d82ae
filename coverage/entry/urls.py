from django.urls import path

from coverage.entry import views

urlpatterns = [
    path("", views.entry, name="entry"),
    path("new/", views.entry_new, name="entry_new"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("grid/", views.entry_grid, name="entry_grid"),
]
