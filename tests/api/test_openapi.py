"""The OpenAPI description validates and lists every endpoint; the docs page loads only the app's own files."""
import re
from html.parser import HTMLParser

import pytest
from django.urls import get_resolver
from openapi_spec_validator import validate

from tests.security.test_headers import routes

pytestmark = pytest.mark.django_db


def api_paths() -> set[str]:
    """Every data URL of the API in the URL conf, `<str:code>` written as OpenAPI's `{code}`."""
    return {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route, _pattern, name in routes(get_resolver().url_patterns)
        if name.startswith("api:") and name not in ("api:schema", "api:docs")
    }


@pytest.fixture
def description(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_description_is_valid_openapi(description):
    validate(description)


def test_the_description_lists_every_endpoint(description):
    assert set(description["paths"]) == api_paths()
    assert {"/api/v1/provinces/", "/api/v1/regencies/", "/api/v1/snapshots/", "/api/v1/rankings/regencies/",
            "/api/v1/rankings/provinces/", "/api/v1/targets/", "/api/v1/datapackage.json"} <= api_paths()
    assert all(set(operations) == {"get"} for operations in description["paths"].values())


def test_the_rows_are_described_by_the_export_columns(description):
    from coverage.history.selectors import HISTORY_COLUMNS
    from coverage.rankings.selectors import REGENCY_RANKING_COLUMNS

    schemas = description["components"]["schemas"]
    assert list(schemas["RegencyRanking"]["properties"]) == list(REGENCY_RANKING_COLUMNS)
    assert list(schemas["History"]["properties"]) == list(HISTORY_COLUMNS)
    assert schemas["RegencyRanking"]["properties"]["participants"]["type"] == "integer"
    assert schemas["RegencyRanking"]["properties"]["coverage_pct"] == {
        "type": "string", "format": "decimal", "nullable": True}
    assert schemas["History"]["properties"]["as_of"]["format"] == "date"


def test_the_filters_of_the_pages_are_the_parameters(description):
    snapshots = {p["name"] for p in description["paths"]["/api/v1/snapshots/"]["get"]["parameters"]}
    assert {"province", "regency", "as_of_after", "as_of_before", "after", "before", "per_page"} <= snapshots
    ranking = description["paths"]["/api/v1/rankings/regencies/"]["get"]["parameters"]
    source = next(p for p in ranking if p["name"] == "source")
    assert source["schema"]["enum"] == ["bpjs", "kemendagri", "other", "rpjmd", "rpjmn"]


def test_the_token_is_a_bearer_scheme(description):
    assert description["components"]["securitySchemes"]["tokenAuth"] == {"type": "http", "scheme": "bearer"}


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.urls += [attributes[name] for name in ("src", "href") if attributes.get(name)]


def test_the_docs_page_loads_every_file_from_the_app(client):
    response = client.get("/api/v1/docs")
    parser = Assets()
    parser.feed(response.content.decode())
    assert len(parser.urls) == 6  # the icon, two stylesheets, three scripts
    for url in parser.urls:
        assert url.startswith(("/static/", "/api/v1/docs?")), url
        assert client.get(url).status_code == 200, url
    script = client.get("/api/v1/docs?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/openapi.json" in script.content.decode()


def test_only_the_docs_page_allows_data_images(client):
    assert "img-src 'self' data:" in client.get("/api/v1/docs")["Content-Security-Policy"]
    assert "data:" not in client.get("/api/v1/openapi.json")["Content-Security-Policy"]
    assert "data:" not in client.get("/accounts/login/")["Content-Security-Policy"]
