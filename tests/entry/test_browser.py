"""End to end in headless system Chromium: field staff sign in, fill the Bali grid, and see the saved figures."""
from coverage.models import CoverageSnapshot, Province
from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api
from tests.factories import field_staff

pytestmark = MARKS

# (participants, working population) typed for Bali's nine regencies as of 30 April 2025.
APRIL = {
    "51.01": ("59500", "125412"), "51.02": ("112000", "205517"), "51.03": ("168900", "285846"),
    "51.04": ("129500", "232901"), "51.05": ("43100", "90713"), "51.06": ("42100", "118208"),
    "51.07": ("87100", "210684"), "51.08": ("147300", "300219"), "51.71": ("151400", "304399"),
}


def test_field_staff_fill_the_bali_grid(regions, live_server):
    field_staff(places=[Province.objects.get(code="51")], username="petugas_e2e")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
        page.goto(f"{live_server.url}/accounts/login/")
        sign_in(page, "petugas_e2e")

        page.goto(f"{live_server.url}/entry/grid/?province=51&as_of=2025-04-30")
        rows = page.locator("tr.grid-row")
        assert rows.count() == 9
        for index in range(9):
            code = page.locator(f"input[name=form-{index}-regency]").input_value()
            participants, working_population = APRIL[code]
            page.locator(f"input[name=form-{index}-participants]").press_sequentially(participants)
            page.locator(f"input[name=form-{index}-working_population]").fill(working_population)
        # The page is in Indonesian: digits are grouped with dots while typing.
        assert page.locator("input[name=form-0-participants]").input_value() == "59.500"
        # Enter moves down the column instead of submitting half a grid.
        page.locator("input[name=form-0-participants]").press("Enter")
        assert page.evaluate("document.activeElement.name") == "form-1-participants"
        assert "/entry/grid/" in page.url
        with page.expect_navigation():
            page.click("main button.primary")

        assert page.url.endswith("/entry/?as_of=2025-04-30")
        text = page.locator("main").inner_text()
        browser.close()
    assert "9 dari 9" in text
    assert "168.900" in text and "285.846" in text
    assert CoverageSnapshot.objects.filter(as_of="2025-04-30").count() == 9
