"""In headless Chromium at a phone's 390 px: the figures awaiting review are cards, with their coverage, their
checkbox and "select all" in view, in both languages."""
import pytest

from tests.browser import MARKS, OVERFLOW, signed_in_page, sync_api

pytestmark = MARKS


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_review_fits_a_phone_with_coverage_and_checkboxes_in_view(live_server, typed, penyetuju, language):
    with sync_api.sync_playwright() as playwright:
        browser, page = signed_in_page(
            playwright, live_server, penyetuju.username, "/review/?province=51&as_of=2025-03-31",
            language=language, width=390, height=844)
        try:
            table = page.locator("table.review-rows")
            assert table.evaluate(OVERFLOW) == 0
            for cell in ("td.key", "td.select input", "th.name"):
                box = page.locator(f"table.review-rows tbody tr:first-child {cell}").bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
            assert page.locator("input[data-select-all]").is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") == 390
        finally:
            browser.close()
