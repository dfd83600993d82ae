"""In a real browser: no Content-Security-Policy violation on the app's pages, the login page and the admin, and
a form posted after the session ended comes back filled in after signing in again."""
import shutil
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from coverage.security.session_expiry import LAST_SEEN
from tests.factories import UserFactory
from tests.security import sample_urls
from tests.security.test_headers import pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Recorded before any page script runs; the browser's own injection is not subject to the page's CSP.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile));
"""
PASSWORD = "a-long-test-password"


@pytest.fixture
def browser(monkeypatch):
    # playwright's sync API keeps an event loop running in this thread; the ORM calls of the test are still
    # synchronous ones, which Django would otherwise refuse.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
        # Inside playwright's loop Django keeps separate connections for the test's own queries: close them,
        # or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    yield page
    context.close()


def sign_in(page, base, username, path="/accounts/login/"):
    page.goto(base + path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def violations(page):
    return page.evaluate("window.__cspViolations") + [e for e in page.console_errors if "Content Security" in e]


def test_login_page_runs_under_the_csp(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator("link[rel=stylesheet]").count() == 1
    # The stylesheet applied: the top bar has the brand colour from app.css.
    assert page.eval_on_selector(".topbar", "e => getComputedStyle(e).backgroundColor") == "rgb(11, 110, 79)"
    assert violations(page) == []


def test_every_app_page_runs_under_the_csp(page, live_server, badung):
    # The pages of the URL conf without parameters (tests/security/test_headers.py), signed in as an
    # administrator, so that a page added later is loaded too; the admin's many pages are sampled below.
    UserFactory(username="admin_pages", is_staff=True, is_superuser=True)
    sign_in(page, live_server.url, "admin_pages")
    # CSV downloads are files, not pages: a browser saves them.
    for path in [p for p in pages() if not p.startswith("/admin/") and not p.endswith(".csv")]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert violations(page) == [], path


ADMIN_PAGES = [
    "/admin/",
    "/admin/coverage/regency/",
    "/admin/coverage/target/add/",
    "/admin/coverage/coveragesnapshot/add/",
    "/admin/auth/user/add/",
    "/admin/axes/accessattempt/",
]


def test_admin_runs_under_the_csp(page, live_server, badung):
    UserFactory(username="admin_browser", is_staff=True, is_superuser=True)
    sign_in(page, live_server.url, "admin_browser", "/admin/login/")
    for path in ADMIN_PAGES:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.locator("#content").count() == 1, path
        assert violations(page) == [], path
    # The admin's own scripts ran: the change list's "select all" box selects the rows.
    page.goto(live_server.url + "/admin/coverage/regency/")
    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() == 1
    assert violations(page) == []


@pytest.mark.urls("tests.security.sample_urls")
def test_a_form_posted_after_the_session_ended_comes_back_filled_in(page, live_server):
    UserFactory(username="petugas_browser")
    sample_urls.saved.clear()
    sign_in(page, live_server.url, "petugas_browser", "/accounts/login/?next=/sample-form/")
    page.fill("#id_participants", "935079")
    page.fill("#id_note", "per 31 Maret 2025")
    page.select_option("#id_source", "bpjs")
    page.check("#id_confirmed")

    # The user leaves the form for 31 minutes before submitting it.
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key)
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    with page.expect_navigation():
        page.click("#sample button[type=submit]")
    assert "/accounts/login/" in page.url
    assert sample_urls.saved == []

    page.fill("input[name=username]", "petugas_browser")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert page.url.endswith("/sample-form/")
    assert page.input_value("#id_participants") == "935079"
    assert page.input_value("#id_note") == "per 31 Maret 2025"
    assert page.input_value("#id_source") == "bpjs"
    assert page.is_checked("#id_confirmed")
    assert violations(page) == []

    with page.expect_navigation():
        page.click("#sample button[type=submit]")
    assert sample_urls.saved[0]["participants"] == 935079
