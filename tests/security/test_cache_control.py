"""Signed-in pages and exports tell every cache not to keep them (`Cache-Control: private, no-store`); static files
stay cacheable, and a page that sets its own Cache-Control keeps it."""
import pytest

from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def figures(badung):
    return SnapshotFactory(regency=badung)


@pytest.mark.parametrize("url", ["/", "/rankings/", "/history/", "/entry/", "/regencies/51.03/"])
def test_signed_in_pages_are_private_and_not_stored(signed_in, figures, url):
    response = signed_in.get(url)
    assert response.status_code == 200, url
    assert {"private", "no-store"} <= directives(response), url


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_are_private_and_not_stored(signed_in, figures, export):
    response = signed_in.get(f"/history/?_export={export}")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    assert {"private", "no-store"} <= directives(response)


def test_a_refusal_to_a_signed_in_user_is_private_too(client, pejabat):
    client.force_login(pejabat)
    response = client.get("/entry/")
    assert response.status_code == 403 and {"private", "no-store"} <= directives(response)


@pytest.mark.parametrize("signed_in_too", [False, True])
def test_static_files_stay_cacheable(client, petugas, signed_in_too):
    if signed_in_too:
        client.force_login(petugas)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "public" in directives(response) and not {"private", "no-store"} & directives(response)


def test_a_page_with_its_own_cache_control_keeps_it(signed_in):
    # The login page says never_cache itself (max-age=0, no-cache, no-store, must-revalidate, private).
    assert "must-revalidate" in directives(signed_in.get("/accounts/login/"))


def test_anonymous_pages_get_no_private_header(client):
    assert not directives(client.get("/no-such-page/"))
