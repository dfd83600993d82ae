"""In headless Chromium: the province chart is drawn without any script, and the language switch keeps the filter."""
from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api

pytestmark = MARKS


def test_chart_without_javascript_and_switch_keeps_the_history_filter(live_server, known_bali, pejabat):
    # All database work happens before the browser starts: playwright's event loop forbids the ORM in this thread.
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(java_script_enabled=False, locale="id-ID").new_page()
            page.goto(f"{live_server.url}/provinces/51/?as_of=2025-06-30")
            sign_in(page, pejabat.username)

            chart = page.locator("figure.chart svg[role=img]")
            assert chart.bounding_box()["width"] > 300
            assert chart.locator(".chart-points circle").count() == 3
            # Badung's pace since March leads the dashed projection to 31 December.
            assert chart.locator(".chart-projection line").count() == 1
            assert chart.locator("line.chart-target").count() == 1
            assert "Target 2025: 67,28%" in chart.locator("text.chart-target-label").all_text_contents()

            page.goto(f"{live_server.url}/history/?province=51&sort=-coverage_pct")
            assert page.locator("table.history tbody tr").count() == 8
            with page.expect_navigation():
                page.click("form.lang button[value=en]")
            assert page.url == f"{live_server.url}/history/?province=51&sort=-coverage_pct"
            assert page.inner_text("h1") == "History of snapshots"
            assert "171,256" in page.inner_text("table.history tbody tr:nth-child(2)")
        finally:
            browser.close()
