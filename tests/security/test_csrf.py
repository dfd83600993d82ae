"""Every POST needs a CSRF token: sign-in, sign-out and the language switch refuse one without it."""
import pytest
from django.apps import apps
from django.test import Client
from django.urls import get_resolver

from tests.factories import SnapshotFactory
from tests.security.test_headers import needs_parameters, pages, routes, sample_urls

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


def every_url():
    """Each page of the URL conf, those with parameters through the samples of test_headers, admin included.
    The CSRF check comes before any view, so a sample id that does not exist refuses just the same."""
    urls = [*pages(), "/accounts/logout/", "/i18n/setlang/"]
    for route, pattern, name in routes(get_resolver().url_patterns):
        if needs_parameters(route, pattern) and not name.startswith(("admin:", "<unnamed")):
            urls += sample_urls(name, snapshot_pk=1)[:1]
    return urls


def stored_rows():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("url", every_url())
def test_every_post_without_a_token_is_refused_and_stores_nothing(strict_client, administrator, badung, url):
    SnapshotFactory(regency=badung)
    strict_client.force_login(administrator)  # may do everything: only the missing token can refuse
    before = stored_rows()
    response = strict_client.post(url, {"regency": "51.03", "as_of": "2025-03-31", "participants": "1",
                                        "working_population": "2", "name": "x", "language": "en"})
    # The read-only API answers no POST at all, with or without a token.
    assert response.status_code == (405 if url.startswith("/api/") else 403), url
    assert stored_rows() == before
