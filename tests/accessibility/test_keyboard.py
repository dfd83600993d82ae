"""Keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typing; no mouse) fills and saves the grid, and approves
and returns figures on the review page, in headless Chromium; the stored outcome is what the keys asked for."""
from coverage.models import CoverageSnapshot, Province
from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api
from tests.factories import field_staff, supervisor

pytestmark = MARKS

AS_OF = "2025-04-30"
# Tab presses after which a control that is never reached counts as out of the keyboard's reach.
MAX_TABS = 200


def tab_to(page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until the focused element matches `selector`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with the keyboard")


def fill_grid_by_keyboard(page, url) -> None:
    page.goto(f"{url}/entry/grid/?province=51&as_of={AS_OF}")
    codes = [page.locator(f"input[name=form-{i}-regency]").input_value()
             for i in range(page.locator("tr.grid-row").count())]
    first, second, third = (codes.index(code) for code in ("51.03", "51.06", "51.71"))
    tab_to(page, f"input[name=form-{first}-participants]")
    page.keyboard.type("168900")
    page.keyboard.press("Tab")
    page.keyboard.type("285846")
    page.keyboard.press("Shift+Tab")  # back to fix a typo: the participants box again, its text selected
    page.keyboard.type("168901")
    tab_to(page, f"input[name=form-{second}-participants]")
    page.keyboard.type("42100")
    page.keyboard.press("Tab")
    page.keyboard.type("118208")
    # Enter moves down the column (entry.js) rather than submitting a half-filled grid: to Denpasar's row.
    for _ in range(third - second):
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == f"form-{third}-working_population"
    page.keyboard.type("304399")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("151400")
    tab_to(page, "form.grid-form button.primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_keyboard_alone_fills_the_grid_then_approves_and_returns(regions, live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the database is read between key presses
    bali = Province.objects.get(code="51")
    field_staff(places=[bali], username="petugas_keys")
    supervisor(places=[bali], username="penyetuju_keys")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
            staff.goto(f"{live_server.url}/accounts/login/")
            sign_in(staff, "petugas_keys")
            fill_grid_by_keyboard(staff, live_server.url)
            stored = dict(CoverageSnapshot.objects.filter(as_of=AS_OF).values_list(
                "regency__code", "participants"))
            assert stored == {"51.03": 168_901, "51.06": 42_100, "51.71": 151_400}

            boss = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
            boss.goto(f"{live_server.url}/review/?province=51&as_of={AS_OF}")
            sign_in(boss, "penyetuju_keys")
            badung = CoverageSnapshot.objects.get(as_of=AS_OF, regency__code="51.03")
            try:  # the page after signing in, on a loaded machine too
                boss.locator(f"#approve_{badung.pk}").wait_for(timeout=15_000)
            except sync_api.TimeoutError:
                main = boss.locator("main").inner_text() if boss.locator("main").count() else boss.content()
                raise AssertionError(f"no box to approve Badung's figure at {boss.url}:\n{main[:3000]}") from None
            tab_to(boss, f"#approve_{badung.pk}")
            boss.keyboard.press("Space")
            tab_to(boss, "#approve-form button.primary")
            with boss.expect_navigation():
                boss.keyboard.press("Enter")
            assert CoverageSnapshot.objects.get(pk=badung.pk).status == "approved"

            # Two figures await review now, Bangli first: the arrow key picks Denpasar to return.
            tab_to(boss, "#return_snapshot")
            boss.keyboard.press("ArrowDown")
            tab_to(boss, "#return_comment")
            boss.keyboard.type("Peserta Denpasar belum termasuk PMI")
            tab_to(boss, ".review-return button")
            with boss.expect_navigation():
                boss.keyboard.press("Space")
        finally:
            browser.close()
    statuses = dict(CoverageSnapshot.objects.filter(as_of=AS_OF).values_list("regency__code", "status"))
    assert statuses == {"51.03": "approved", "51.06": "submitted", "51.71": "returned"}
    assert CoverageSnapshot.objects.get(regency__code="51.71").review_comment == "Peserta Denpasar belum termasuk PMI"
