"""Who may read: a session or a token (401 without, unless PUBLIC_API), GET only (405), within the rate limits (429)."""
import csv
import io

import pytest
from django.test import Client

from coverage.api.services import api_token_create, api_token_revoke
from tests.api.conftest import MARCH, token_client, token_for
from tests.factories import UserFactory, field_staff

pytestmark = pytest.mark.django_db

DATA = ["/api/v1/", "/api/v1/provinces/", "/api/v1/provinces/51/", "/api/v1/regencies/", "/api/v1/regencies/51.03/",
        "/api/v1/snapshots/", "/api/v1/rankings/regencies/", "/api/v1/rankings/provinces/", "/api/v1/targets/",
        "/api/v1/datapackage.json", "/api/v1/provinces.csv", "/api/v1/regencies.csv", "/api/v1/snapshots.csv",
        "/api/v1/targets.csv"]
OPEN = ["/api/v1/openapi.json", "/api/v1/docs"]


@pytest.mark.parametrize("url", DATA)
def test_without_a_session_or_token_the_answer_is_401(client, bali_published, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {"detail": "Data autentikasi tidak diberikan."}


@pytest.mark.parametrize("url", OPEN)
def test_the_description_and_docs_are_open_to_anyone(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", DATA)
def test_a_signed_in_session_reads(official_client, bali_published, url):
    assert official_client.get(url).status_code == 200


def test_an_unknown_token_is_refused(client, bali_published):
    response = client.get("/api/v1/provinces/", HTTP_AUTHORIZATION="Bearer ucj_not-a-token",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "This token is not valid: it is unknown or was revoked."}


def test_a_revoked_token_is_refused(bali_published, pejabat):
    token, value = api_token_create(user=pejabat, name="portal", created_by=pejabat)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {value}")
    assert api.get("/api/v1/provinces/").status_code == 200
    api_token_revoke(token=token, revoked_by=pejabat)
    assert api.get("/api/v1/provinces/").status_code == 401


def test_a_token_of_a_deactivated_account_is_forbidden(bali_published, pejabat):
    api = token_client(pejabat)
    pejabat.is_active = False
    pejabat.save()
    response = api.get("/api/v1/provinces/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json() == {"detail": "The account this token belongs to is deactivated."}


def test_a_token_notes_when_it_was_last_used(bali_published, pejabat):
    token, value = api_token_create(user=pejabat, name="portal", created_by=pejabat)
    assert token.last_used_at is None
    Client(HTTP_AUTHORIZATION=f"Bearer {value}").get("/api/v1/provinces/")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("who", ["anonymous", "token", "session"])
def test_only_get_is_answered(client, api, official_client, bali_published, method, who):
    asking = {"anonymous": Client(), "token": api, "session": official_client}[who]
    for url in [*DATA, *OPEN]:
        response = getattr(asking, method)(url)
        assert response.status_code == 405, (url, response.status_code)
        assert response["Allow"] == "GET, HEAD"


def test_head_is_answered_like_get(api, bali_published):
    response = api.head("/api/v1/provinces/")
    assert response.status_code == 200 and response.content == b""


def test_public_api_opens_the_approved_figures_to_anyone(client, settings, bali_published):
    from coverage.models import CoverageSnapshot

    settings.PUBLIC_API = True
    response = client.get("/api/v1/rankings/provinces/", {"as_of": MARCH})
    assert response.status_code == 200
    assert response.json()["results"][0]["coverage_pct"] is None  # provisional figures are not public
    CoverageSnapshot.objects.update(status=CoverageSnapshot.Status.APPROVED)
    assert client.get("/api/v1/rankings/provinces/", {"as_of": MARCH}).json()["results"][0]["coverage_pct"] == "49.90"


def test_too_many_requests_from_one_token_are_refused_with_retry_after(settings, bali_published, pejabat):
    settings.API_RATE_LIMITS = {"token": "3/minute", "address": "100/minute"}
    first, second = token_client(pejabat), token_client(pejabat)
    assert [first.get("/api/v1/provinces/").status_code for _ in range(3)] == [200] * 3
    response = first.get("/api/v1/provinces/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert second.get("/api/v1/provinces/").status_code == 200  # another token has its own count


def test_too_many_requests_from_one_address_are_refused_whoever_asks(settings, bali_published, pejabat):
    settings.API_RATE_LIMITS = {"token": "100/minute", "address": "3/minute"}
    assert [token_client(pejabat).get("/api/v1/provinces/").status_code for _ in range(3)] == [200] * 3
    for refused in (token_client(pejabat), Client(), Client(HTTP_AUTHORIZATION="Bearer ucj_guess")):
        response = refused.get("/api/v1/provinces/")
        assert response.status_code == 429 and int(response["Retry-After"]) > 0
    other = token_client(pejabat).get("/api/v1/provinces/", REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 200


def page_export(client, path, query):
    response = client.get(path, {**query, "_export": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))[1:]


def api_rows(api, path, query):
    response = api.get(path, {**query, "per_page": 1000})
    assert response.status_code == 200
    return [["" if v is None else str(v) for v in row.values()] for row in response.json()["results"]]


@pytest.mark.parametrize("role", ["field staff", "field staff elsewhere", "official", "administrator", "no role"])
def test_each_roles_token_sees_what_the_role_sees_on_the_pages(
    client, bali_published, lombok_barat, pejabat, administrator, role
):
    user = {
        "field staff": lambda: field_staff(places=[bali_published], username="petugas_api"),
        "field staff elsewhere": lambda: field_staff(places=[lombok_barat], username="petugas_ntb"),
        "official": lambda: pejabat, "administrator": lambda: administrator,
        "no role": lambda: UserFactory(username="nobody_in_particular"),
    }[role]()
    client.force_login(user)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    for page, endpoint, query in [
        ("/rankings/", "/api/v1/rankings/regencies/", {"as_of": MARCH}),
        ("/rankings/provinces/", "/api/v1/rankings/provinces/", {"as_of": MARCH}),
        ("/history/", "/api/v1/snapshots/", {"province": "51", "as_of_after": MARCH}),
    ]:
        assert sorted(api_rows(api, endpoint, query)) == sorted(page_export(client, page, query)), (role, page)
