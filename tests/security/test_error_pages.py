"""Error pages in production (DEBUG off): the app's own layout, in the user's language, with the same headers."""
import pytest
from django.test import Client
from django.urls import path

from tests.security.test_headers import assert_security_headers
from ucj_site import urls

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


class WithABrokenPage:
    urlpatterns = [path("broken/", broken), *urls.urlpatterns]


def test_an_unknown_address_gets_the_not_found_page(client, pejabat):
    client.force_login(pejabat)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert_security_headers(response, "/no-such-page/")


def test_a_server_error_gets_the_error_page_and_is_logged(settings, caplog):
    settings.ROOT_URLCONF = WithABrokenPage
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Terjadi kesalahan di pihak kami" in response.content.decode()
    assert_security_headers(response, "/broken/")
    assert any(r.name == "django.request" and r.exc_info for r in caplog.records)


def test_a_request_too_large_for_its_fields_gets_the_bad_request_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/accounts/login/", {"username": "x" * 500, "password": "y"})
    assert response.status_code == 400
    assert "Permintaan tidak dapat dipahami" in response.content.decode()
