from django.urls import path

from coverage.rankings import views

urlpatterns = [
    path("", views.home, name="home"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/provinces/", views.province_rankings, name="province_rankings"),
    path("provinces/<str:code>/", views.province_detail, name="province_detail"),
    path("regencies/<str:code>/", views.regency_detail, name="regency_detail"),
]
