"""Headless system Chromium for the browser tests: how it starts, the marks that skip without it, signing in."""
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's

try:
    from playwright import sync_api
except ImportError:  # depends on the machine
    sync_api = None

MARKS = [
    pytest.mark.browser,
    # The live server sees committed rows only; serialized_rollback brings back the role groups of migration 0002.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(sync_api is None, reason="playwright is not installed (pip install -r requirements-dev.txt)"),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                       reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]


def sign_in(page, username):
    """Fill the sign-in form the page shows (after a redirect to it) and wait for the page behind it."""
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


# How far a table reaches past its box (0: it fits).
OVERFLOW = "table => Math.max(0, table.scrollWidth - table.parentElement.clientWidth)"


def signed_in_page(playwright, live_server, username, path, *, language, width, height=900):
    """A new browser whose window is `width` x `height`, in `language`, signed in as `username` on `path` (the
    sign-in page first, then `path` behind it): (browser, page). The caller closes the browser."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}{path}")
    sign_in(page, username)
    return browser, page
