"""Every POST needs a CSRF token: sign-in, sign-out and the language switch refuse one without it."""
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_sign_in_without_a_token_is_refused(strict_client, petugas):
    credentials = {"username": petugas.username, "password": "a-long-test-password"}
    response = strict_client.post("/accounts/login/", credentials)
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_sign_out_without_a_token_is_refused(strict_client, petugas):
    strict_client.force_login(petugas)
    response = strict_client.post("/accounts/logout/")
    assert response.status_code == 403
    assert strict_client.session["_auth_user_id"] == str(petugas.pk)


def test_language_switch_without_a_token_is_refused(strict_client):
    response = strict_client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_sign_in_with_the_token_from_the_page_succeeds(strict_client, petugas):
    strict_client.get("/accounts/login/")
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        "/accounts/login/",
        {"username": petugas.username, "password": "a-long-test-password", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
