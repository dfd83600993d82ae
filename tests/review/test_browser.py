"""End to end in headless system Chromium: field staff fill the grid, a supervisor returns one figure and approves
the rest, field staff read the comment and correct the figure, the supervisor approves it."""
from coverage.models import CoverageSnapshot, Province
from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api
from tests.factories import field_staff, supervisor

pytestmark = MARKS

AS_OF = "2025-04-30"
FIGURES = {"51.03": ("168900", "285846"), "51.06": ("42100", "118208"), "51.71": ("151400", "304399")}


def fill_grid(page, url):
    page.goto(f"{url}/entry/grid/?province=51&as_of={AS_OF}")
    for index in range(page.locator("tr.grid-row").count()):
        code = page.locator(f"input[name=form-{index}-regency]").input_value()
        if code in FIGURES:
            participants, working_population = FIGURES[code]
            page.locator(f"input[name=form-{index}-participants]").fill(participants)
            page.locator(f"input[name=form-{index}-working_population]").fill(working_population)
    with page.expect_navigation():
        page.click("form.grid-form button.primary")


def test_a_figure_returned_corrected_and_approved(regions, live_server, monkeypatch):
    # The test reads the database between clicks, inside Playwright's event loop; the server runs in its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    bali = Province.objects.get(code="51")
    field_staff(places=[bali], username="petugas_e2e")
    supervisor(places=[bali], username="penyetuju_e2e")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
        staff.goto(f"{live_server.url}/accounts/login/")
        sign_in(staff, "petugas_e2e")
        fill_grid(staff, live_server.url)
        assert CoverageSnapshot.objects.filter(as_of=AS_OF, status="submitted").count() == 3

        boss = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()  # a phone
        boss.goto(f"{live_server.url}/review/?province=51&as_of={AS_OF}")
        sign_in(boss, "penyetuju_e2e")
        bangli = CoverageSnapshot.objects.get(as_of=AS_OF, regency__code="51.06")
        boss.select_option("#return_snapshot", f"{bangli.pk}:{bangli.version}")
        boss.fill("#return_comment", "Penduduk bekerja Bangli tertukar dengan Klungkung")
        with boss.expect_navigation():
            boss.click(".review-return button")
        boss.check("input[data-select-all]")  # the others: select all, then approve
        with boss.expect_navigation():
            boss.click("#approve-form button.primary")
        statuses = dict(CoverageSnapshot.objects.filter(as_of=AS_OF).values_list("regency__code", "status"))
        assert statuses == {"51.03": "approved", "51.06": "returned", "51.71": "approved"}

        staff.goto(f"{live_server.url}/entry/")
        assert "Penduduk bekerja Bangli tertukar dengan Klungkung" in staff.locator(".returned").inner_text()
        with staff.expect_navigation():
            staff.click(".returned a.button")
        staff.fill("input[name=working_population]", "118.300")
        staff.fill("textarea[name=change_reason]", "Angka BPS yang benar")
        with staff.expect_navigation():
            staff.click("form.entry-form button.primary")
        assert CoverageSnapshot.objects.get(pk=bangli.pk).status == "submitted"

        boss.goto(f"{live_server.url}/review/?province=51&as_of={AS_OF}")
        boss.check("input[data-select-all]")
        with boss.expect_navigation():
            boss.click("#approve-form button.primary")
        browser.close()
    stored = CoverageSnapshot.objects.get(pk=bangli.pk)
    assert (stored.status, stored.working_population) == ("approved", 118_300)
