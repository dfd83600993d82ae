"""In headless Chromium: the monthly report's ranking fits a phone's 390 px (each row a card, coverage in view) and
a laptop's 1280 px (every column, outlook last, in view), in both languages."""
import pytest

from tests.browser import MARKS, OVERFLOW, signed_in_page, sync_api
from tests.factories import ProvinceFactory, RegencyFactory, SnapshotFactory, TargetFactory

pytestmark = MARKS



@pytest.fixture
def jakarta(bali_a_year_on):
    """A province with the longest name, a figure and a target: the widest row of the national report."""
    jakarta = ProvinceFactory(code="31", name="Daerah Khusus Ibukota Jakarta")
    regency = RegencyFactory(province=jakarta, code="31.71", name="Kota Administrasi Jakarta Pusat", kind="kota")
    SnapshotFactory(regency=regency, as_of="2024-03-31", participants=4_100_000, working_population=9_900_000)
    SnapshotFactory(regency=regency, as_of="2025-03-31", participants=4_150_000, working_population=9_900_000)
    TargetFactory(province=jakarta, year=2025, percent="67.50")
    return jakarta


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_report_fits_a_phone_with_coverage_in_view(live_server, jakarta, pejabat, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = signed_in_page(
            playwright, live_server, pejabat.username, "/report/?as_of=2025-03-31",
            language=language, width=390)
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
        browser, page = signed_in_page(
            playwright, live_server, pejabat.username, "/report/?as_of=2025-03-31",
            language=language, width=1280)
        try:
            assert page.locator("table.report-table").evaluate(OVERFLOW) == 0
            badge = page.locator("table.report-table .outlook").first.bounding_box()
            assert badge["x"] + badge["width"] <= 1280
        finally:
            browser.close()
