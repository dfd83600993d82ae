"""In headless Chromium: the monthly report printed to PDF (A4, its headline and every regency, in both languages),
and the outlook's pages free of serious accessibility violations (axe-core)."""
import re
import shutil
import subprocess

import pytest

from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api

pytestmark = MARKS

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # depends on the machine
    Axe = None

REGENCIES = ("Kabupaten Badung", "Kabupaten Gianyar", "Kabupaten Tabanan", "Kota Denpasar", "Kabupaten Buleleng",
             "Kabupaten Klungkung", "Kabupaten Jembrana", "Kabupaten Karangasem", "Kabupaten Bangli")


def _print_report(live_server, username, locale, pdf_path):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(locale=locale).new_page()
            page.context.add_cookies([{"name": "django_language", "value": locale[:2], "url": live_server.url}])
            page.goto(f"{live_server.url}/report/?province=51&as_of=2025-03-31")
            sign_in(page, username)
            # The print button is there once its script has run; printing is the browser's own (page.pdf).
            assert page.locator("button[data-print]").is_visible()
            page.pdf(path=str(pdf_path), prefer_css_page_size=True)
        finally:
            browser.close()


def _pdf(pdf_path):
    """The number of pages, the paper and the text of a PDF (pdftotext ends each page with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    return text.count("\f"), info, text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is missing (apt-get install poppler-utils)")
@pytest.mark.parametrize(("locale", "headline", "sentence_start", "navigation"), [
    ("id-ID", "Laporan bulanan UCJ: Bali", "Bali membutuhkan 36.187 peserta baru per bulan", "Peringkat provinsi"),
    ("en-GB", "Monthly UCJ report: Bali", "Bali needs 36,187 new participants a month", "Province ranking"),
])
def test_the_report_prints_on_a4_with_its_headline_and_every_regency(
    live_server, bali_a_year_on, pejabat, tmp_path, locale, headline, sentence_start, navigation
):
    pdf_path = tmp_path / "report.pdf"
    _print_report(live_server, pejabat.username, locale, pdf_path)
    pages, info, text = _pdf(pdf_path)
    assert pages == 2
    assert "594.96 x 841.92 pts (A4)" in info  # portrait, from the print stylesheet's @page
    assert headline in text and sentence_start in text
    assert all(name in text for name in REGENCIES)
    assert re.search(r"1 ?/ ?2", text) and re.search(r"2 ?/ ?2", text)  # the page numbers in the bottom margin
    # No navigation, no buttons, no form in print.
    assert navigation not in text and "PDF" not in text and "Kemendagri\n" not in text


@pytest.mark.skipif(Axe is None, reason="axe-playwright-python is not installed (pip install -r requirements-dev.txt)")
def test_the_outlook_pages_have_no_serious_accessibility_violations(live_server, bali_a_year_on, pejabat):
    paths = ["/report/?province=51&as_of=2025-03-31", "/report/?as_of=2025-03-31",
             "/rankings/?province=51&as_of=2025-03-31&outlook=limited", "/rankings/provinces/?as_of=2025-03-31",
             "/provinces/51/?as_of=2025-03-31", "/regencies/51.03/?as_of=2025-03-31", "/?as_of=2025-03-31"]
    found = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in (1280, 390):
                page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
                page.goto(f"{live_server.url}{paths[0]}")
                sign_in(page, pejabat.username)
                for path in paths:
                    page.goto(f"{live_server.url}{path}")
                    violations = Axe().run(page).response["violations"]
                    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
                    if serious:
                        found[(width, path)] = serious
                page.context.close()
        finally:
            browser.close()
    assert found == {}
