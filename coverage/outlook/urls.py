from django.urls import path

from coverage.outlook import views

urlpatterns = [
    path("", views.report, name="report"),
]
