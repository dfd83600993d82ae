"""The app's pages (DESIGN.md: Pages)."""
from django.urls import path

from coverage import views

urlpatterns = [
    path("", views.home, name="home"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/provinces/", views.province_rankings, name="province_rankings"),
]
