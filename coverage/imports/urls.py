from django.urls import path

from coverage.imports import views

urlpatterns = [
    path("", views.entry_upload, name="entry_upload"),
]
