"""Security headers on every page of the URL conf (walked, so a new page is included), and no inline script or style."""
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

# Pages that only answer POST are skipped here by name, on purpose (the CSRF tests post to them).
POST_ONLY = {"logout", "set_language", "api_token_create"}
# Sample values for the app's pages with parameters, by parameter name; each page is asked with the
# first, second, ... value of each of its parameters until one answers 200 (e.g. a regency code, then a
# province code). "snapshot" stands for the id of a snapshot made by the test.
PARAMETER_SAMPLES = {
    "code": ["51.03", "51"],
    "pk": ["snapshot"],
    "uidb64": ["MQ"],
    "token": ["set-password"],
}


def routes(patterns, prefix="", namespace=None):
    """(route, pattern, qualified name) of every URL pattern, the resolvers walked."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            # An unnamed pattern is named by its route, so that it is still listed (and cannot be reversed).
            name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
            name = f"{namespace}:{name}" if namespace else name
            yield prefix + str(pattern.pattern), pattern, name


def needs_parameters(route, pattern):
    return bool(pattern.pattern.regex.groupindex) or any(ch in route for ch in "(<[")


def pages():
    """Every page that can be asked for without parameters, whichever helper added it."""
    found = set()
    for route, pattern, _name in routes(get_resolver().url_patterns):
        if pattern.name in POST_ONLY or needs_parameters(route, pattern):
            continue
        found.add("/" + route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", ""))
    assert {"/", "/accounts/login/", "/admin/"} <= found
    return sorted(found)


def pages_with_parameters():
    """The pages that take parameters, except the admin's: its object pages (row ids) are left to tests/admin."""
    return sorted(
        name
        for route, pattern, name in routes(get_resolver().url_patterns)
        if needs_parameters(route, pattern) and not name.startswith("admin:")
    )


def sample_urls(name, snapshot_pk):
    pattern = next(p for _route, p, qualified in routes(get_resolver().url_patterns) if qualified == name)
    keys = list(pattern.pattern.regex.groupindex)
    missing = [key for key in keys if key not in PARAMETER_SAMPLES]
    assert not missing, f"{name}: add a sample for {missing} to PARAMETER_SAMPLES in {__name__}"
    values = [[snapshot_pk if v == "snapshot" else v for v in PARAMETER_SAMPLES[key]] for key in keys]
    return [reverse(name, kwargs=dict(zip(keys, combo, strict=True))) for combo in zip(*values, strict=False)]


def assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, url
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), url


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, styles and event handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.found.append("<script> without src")
        self.found += [f"{tag} {name}=" for name in attributes if name == "style" or name.startswith("on")]


def assert_no_inline_code(response, url):
    if response.status_code == 200 and response.headers["Content-Type"].startswith("text/html"):
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.found == [], f"{url}: {parser.found}"


@pytest.mark.parametrize("url", pages())
def test_every_page_has_the_security_headers_when_signed_out(client, url):
    response = client.get(url)
    assert_security_headers(response, url)
    assert_no_inline_code(response, url)


@pytest.mark.parametrize("url", pages())
def test_every_page_has_the_security_headers_for_an_administrator(client, administrator, url):
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code < 500, url
    assert_security_headers(response, url)
    assert_no_inline_code(response, url)


@pytest.mark.parametrize("name", pages_with_parameters())
def test_every_page_with_parameters_has_the_security_headers(client, administrator, badung, name):
    client.force_login(administrator)
    response = None
    for url in sample_urls(name, SnapshotFactory(regency=badung).pk):
        response = client.get(url)
        if response.status_code == 200:
            break
    assert response.status_code < 500, name
    assert_security_headers(response, name)
    assert_no_inline_code(response, name)


def test_static_files_have_the_security_headers(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert_security_headers(response, "/static/css/app.css")


def test_not_found_page_has_the_security_headers(client):
    assert_security_headers(client.get("/no-such-page/"), "/no-such-page/")
