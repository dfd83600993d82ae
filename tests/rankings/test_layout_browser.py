"""In headless Chromium at a phone's 390 px and a laptop's 1280 px: the key figures are in view, nothing is clipped."""
import pytest

from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api

pytestmark = MARKS

# How far each table reaches past its box (0: it fits).
OVERFLOW = "table => Math.max(0, table.scrollWidth - table.parentElement.clientWidth)"


@pytest.mark.parametrize("language", ["id", "en"])
def test_history_tables_fit_a_phone_with_coverage_in_view(live_server, known_bali, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 800})
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            page.goto(f"{live_server.url}/regencies/51.03/?as_of=2025-06-30")
            sign_in(page, pejabat.username)
            for path, table in [("/regencies/51.03/?as_of=2025-06-30", "table.history-rows"),
                                ("/history/?province=51", "table.history"),
                                ("/provinces/51/?as_of=2025-06-30", "table.trend")]:
                page.goto(f"{live_server.url}{path}")
                assert page.locator(table).evaluate(OVERFLOW) == 0, path
                coverage = page.locator(f"{table} tbody tr:first-child td.key").bounding_box()
                assert coverage["x"] >= 0 and coverage["x"] + coverage["width"] <= 390, path
            assert page.evaluate("document.documentElement.scrollWidth") == 390
        finally:
            browser.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_rankings_show_every_status_at_1280_px(live_server, known_bali, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            page.goto(f"{live_server.url}/rankings/?as_of=2025-06-30")
            sign_in(page, pejabat.username)
            for path in ("/rankings/?as_of=2025-06-30", "/rankings/provinces/?as_of=2025-06-30", "/history/"):
                page.goto(f"{live_server.url}{path}")
                assert page.locator("table").first.evaluate(OVERFLOW) == 0, path
            page.goto(f"{live_server.url}/rankings/?as_of=2025-06-30")
            badge = page.locator("td.status-cell .status").first.bounding_box()
            assert badge["x"] + badge["width"] <= 1280
        finally:
            browser.close()
