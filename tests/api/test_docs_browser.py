"""In Chromium: the API docs render from the app's own files under its CSP, and "Try it out" reads with the session."""
import pytest

from tests.api.conftest import bali_published  # noqa: F401 (a fixture)
from tests.factories import UserFactory
from tests.security.test_browser import browser, page, sign_in, violations  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_docs_render_and_try_it_out_reads_with_the_session(page, live_server, bali_published):  # noqa: F811
    UserFactory(username="reader")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, live_server.url, "reader")
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector("#operations-provinces-provinces_list")
    assert page.locator(".info .title").inner_text().startswith("UCJ Tracker API")
    page.click("#operations-provinces-provinces_list .opblock-summary")
    page.click("#operations-provinces-provinces_list .try-out__btn")
    page.click("#operations-provinces-provinces_list .execute")
    body = page.locator("#operations-provinces-provinces_list .response-col_description .microlight").first
    body.wait_for()
    assert '"regencies_total": 9' in body.inner_text()
    assert violations(page) == []
    assert all(url.startswith(live_server.url) for url in requested), requested
