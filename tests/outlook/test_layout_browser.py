"""In headless Chromium: the monthly report's ranking fits a phone's 390 px (each row a card, coverage in view) and
a laptop's 1280 px (every column, outlook last, in view), in both languages."""
import pytest

from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api
from tests.factories import ProvinceFactory, RegencyFactory, SnapshotFactory, TargetFactory

pytestmark = MARKS

# How far a table reaches past its box (0: it fits).
OVERFLOW = "table => Math.max(0, table.scrollWidth - table.parentElement.clientWidth)"


@pytest.fixture
def jakarta(bali_a_year_on):
    """A province with the longest name, a figure and a target: the widest row of the national report."""
    jakarta = ProvinceFactory(code="31", name="Daerah Khusus Ibukota Jakarta")
    regency = RegencyFactory(province=jakarta, code="31.71", name="Kota Administrasi Jakarta Pusat", kind="kota")
    SnapshotFactory(regency=regency, as_of="2024-03-31", participants=4_100_000, working_population=9_900_000)
    SnapshotFactory(regency=regency, as_of="2025-03-31", participants=4_150_000, working_population=9_900_000)
    TargetFactory(province=jakarta, year=2025, percent="67.50")
    return jakarta


def _page(playwright, live_server, username, language, width):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/report/?as_of=2025-03-31")
    sign_in(page, username)
    return browser, page


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_report_fits_a_phone_with_coverage_in_view(live_server, jakarta, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = _page(playwright, live_server, pejabat.username, language, 390)
        try:
            for path in ("/report/?as_of=2025-03-31", "/report/?province=51&as_of=2025-03-31"):
                page.goto(f"{live_server.url}{path}")
                assert page.locator("table.report-table").evaluate(OVERFLOW) == 0, path
                for cell in ("td.key", "td.outlook-cell"):
                    box = page.locator(f"table.report-table tbody tr:first-child {cell}").bounding_box()
                    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, cell)
                assert page.evaluate("document.documentElement.scrollWidth") == 390
        finally:
            browser.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_national_report_shows_every_column_at_1280_px(live_server, jakarta, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = _page(playwright, live_server, pejabat.username, language, 1280)
        try:
            assert page.locator("table.report-table").evaluate(OVERFLOW) == 0
            badge = page.locator("table.report-table .outlook").first.bounding_box()
            assert badge["x"] + badge["width"] <= 1280
        finally:
            browser.close()
