from django.urls import path

from coverage.api import views

app_name = "api"
urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("provinces/", views.Provinces.as_view(), name="provinces"),
    path("provinces/<str:code>/", views.Province.as_view(), name="province"),
    path("regencies/", views.Regencies.as_view(), name="regencies"),
    path("regencies/<str:code>/", views.Regency.as_view(), name="regency"),
    path("snapshots/", views.Snapshots.as_view(), name="snapshots"),
    path("rankings/regencies/", views.RegencyRanking.as_view(), name="regency_ranking"),
    path("rankings/provinces/", views.ProvinceRanking.as_view(), name="province_ranking"),
    path("targets/", views.Targets.as_view(), name="targets"),
    path("datapackage.json", views.DataPackage.as_view(), name="datapackage"),
    path("provinces.csv", views.ProvincesCsv.as_view(), name="provinces_csv"),
    path("regencies.csv", views.RegenciesCsv.as_view(), name="regencies_csv"),
    path("snapshots.csv", views.HistoryCsv.as_view(), name="history_csv"),
    path("targets.csv", views.TargetsCsv.as_view(), name="targets_csv"),
    path("openapi.json", views.openapi, name="schema"),
    path("docs", views.docs, name="docs"),
]
