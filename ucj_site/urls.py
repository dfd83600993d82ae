"""Root URLs: the app, sign-in, the admin and the language switch; the server-error view."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("coverage.urls")),
]

handler500 = "ucj_site.errors.server_error"
