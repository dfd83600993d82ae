"""Every page that a role can open passes axe-core without a "serious" or "critical" violation, in both languages.

The pages are the access matrix's cells that answer 200 (tests/security/test_access_matrix.py), opened in headless
Chromium on the national demo, signed in as the demo's user of each role; one browser, one tab per role.
"""
import pytest
from django.core.management import call_command
from django.urls import reverse

from coverage.models import CoverageSnapshot
from tests.browser import ARGS, CHROMIUM, MARKS, PASSWORD, sync_api
from tests.security.test_access_matrix import EXPECTED, GRID_AS_OF, ROLES

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # depends on the machine
    Axe = None

pytestmark = [*MARKS, pytest.mark.skipif(Axe is None, reason="axe-playwright-python is not installed "
                                                               "(pip install -r requirements-dev.txt)")]

# The access matrix's kinds of user, played by the demo's accounts (field staff of Bali: the matrix's "own area").
USERS = {"official": "pejabat", "own area": "petugas", "anonymous": None, "administrator": "admin",
         "supervisor": "penyetuju"}
SERIOUS = {"serious", "critical"}
# Rows after the twentieth of a table repeat its template: checking them would only multiply the time (the
# administrator's entry page lists all 514 regencies).
REPEATED_ROWS = "tbody tr:nth-child(n+21)"


def url_of(name: str, snapshot) -> str:
    """The matrix's sample parameters (Bali, Badung), on the demo's data."""
    samples = {"province_detail": {"code": "51"}, "regency_detail": {"code": "51.03"},
               "entry_edit": {"pk": snapshot.pk}, "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"}}
    url = reverse(name, kwargs=samples.get(name))
    return url + f"?province=51&as_of={GRID_AS_OF}" if name == "entry_grid" else url


def pages_of(role: str, snapshot) -> list[str]:
    """The pages the role opens; not the API (JSON, and Swagger UI's own page, drawn by its bundled script)."""
    return [url_of(name, snapshot) for name, methods in EXPECTED.items()
            if methods["GET"][ROLES.index(role)] == 200 and not name.startswith("api:")]


def serious_violations(page) -> list[str]:
    """Each serious or critical violation: its rule, its impact and the first elements it names."""
    violations = page.evaluate("rows => axe.run({exclude: [[rows]]}, {resultTypes: ['violations']})",
                               REPEATED_ROWS)["violations"]
    return [f"{v['id']} ({v['impact']}): {', '.join(str(node['target']) for node in v['nodes'][:3])}"
            for v in violations if v["impact"] in SERIOUS]


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def test_every_page_of_every_role_has_no_serious_accessibility_violation(live_server, regions):
    call_command("load_demo", password=PASSWORD, verbosity=0)
    # A Bali figure that the field staff may correct: the returned one.
    snapshot = CoverageSnapshot.objects.get(status=CoverageSnapshot.Status.RETURNED)
    pages = {role: pages_of(role, snapshot) for role in USERS}
    found, checked = {}, 0
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for role, username in USERS.items():
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(Axe().axe_script)  # in every page before its own scripts, sent once
                page = context.new_page()
                if username:
                    sign_in(page, live_server.url, username)
                for language in ("id", "en"):
                    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
                    for path in pages[role]:
                        page.goto(f"{live_server.url}{path}")
                        assert page.locator("html").get_attribute("lang") == language, path
                        checked += 1
                        if problems := serious_violations(page):
                            found[f"{role} {language} {path}"] = problems
                context.close()
        finally:
            browser.close()
    assert checked > 100
    assert not found, "\n".join(f"{where}: {problems}" for where, problems in found.items())
