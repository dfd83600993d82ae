"""A form refused for its CSRF token gets the app's 403 page in the user's language (not Django's English page);
the language cookie is SameSite=Lax and HttpOnly like the other cookies."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CSRF_ID = "Formulir Anda tidak dapat dikirim: pemeriksaan keamanannya gagal"
CSRF_EN = "Your form could not be sent: its security check failed"


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(("language", "title", "message"), [("id", "Tidak diizinkan", CSRF_ID),
                                                            ("en", "Not allowed", CSRF_EN)], ids=["id", "en"])
def test_a_csrf_failure_gets_the_app_page_in_the_users_language(strict_client, petugas, language, title, message):
    strict_client.force_login(petugas)
    strict_client.cookies["django_language"] = language
    response = strict_client.post("/accounts/logout/")
    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}">' in page and 'class="topbar"' in page  # the app's layout
    assert f"<h1>{title}</h1>" in page and message in page
    assert "CSRF verification failed" not in page


def test_a_csrf_failure_of_an_anonymous_sign_in_gets_the_app_page(strict_client):
    response = strict_client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and CSRF_ID in response.content.decode()


def test_the_language_cookie_is_same_site_lax_and_http_only(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["samesite"] == "Lax" and cookie["httponly"] is True
