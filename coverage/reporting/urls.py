from django.urls import path

from coverage.reporting import views

urlpatterns = [
    path("", views.reporting, name="reporting"),
]
