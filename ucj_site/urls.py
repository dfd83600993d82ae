"""Root URLs: the app, sign-in, the admin and the language switch; the server-error view."""
from django.contrib import admin
from django.urls import include, path

from coverage.entry.views import SignInView
from ucj_site.password_reset import LimitedPasswordResetView

urlpatterns = [
    # Before django.contrib.auth's own, the same pages and names: a limit on reset requests; field staff signing in
    # land on /entry/.
    path("accounts/password_reset/", LimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("coverage.urls")),
]

handler500 = "ucj_site.errors.server_error"
