"""End to end in headless Chromium: an official filters the ranking to Bali, switches to English, downloads the CSV."""
import csv
import io
from pathlib import Path

from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api

pytestmark = MARKS


def test_official_filters_to_bali_switches_to_english_and_downloads_the_csv(live_server, bali_published, pejabat):
    # All database work happens before the browser starts: playwright's event loop forbids the ORM in this thread.
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(accept_downloads=True, locale="id-ID").new_page()
            page.goto(f"{live_server.url}/rankings/")
            sign_in(page, pejabat.username)
            assert page.url.endswith("/rankings/")

            page.select_option("select[name=province]", "51")
            with page.expect_navigation():
                page.click("form.filters button[type=submit]")
            assert "province=51" in page.url
            assert page.inner_text("h1") == "Peringkat kabupaten/kota: Bali"
            assert page.locator("table.ranking tbody tr").count() == 9
            assert "Kabupaten Badung" in page.inner_text("table.ranking tbody tr:first-child")

            with page.expect_navigation():
                page.click("form.lang button[value=en]")
            assert page.inner_text("h1") == "Regency ranking: Bali"
            assert "province=51" in page.url
            assert "58.68" in page.inner_text("table.ranking tbody tr:first-child")

            with page.expect_download() as download_info:
                page.click("a:text-is('CSV')")
            download = download_info.value
            content = Path(download.path()).read_text(encoding="utf-8-sig")
            assert download.suggested_filename.startswith("ucj-regency-ranking-51-")
        finally:
            browser.close()

    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:4] == ["rank", "code", "regency", "province"]
    assert len(rows) == 1 + 9
    assert rows[1][1:3] == ["51.03", "Kabupaten Badung"] and rows[1][7] == "58.68"
    assert rows[-1][1:3] == ["51.06", "Kabupaten Bangli"]
