"""End to end in headless system Chromium: field staff download the template, fill it, upload, preview, confirm."""
import csv
import io

from coverage.models import CoverageSnapshot
from tests.browser import ARGS, CHROMIUM, MARKS, sign_in, sync_api
from tests.factories import field_staff

pytestmark = MARKS

# (participants, working population) typed into the template for the two regencies of the Bali fixtures.
FIGURES = {"51.03": ("168900", "285846"), "51.06": ("42100", "118208")}


def test_field_staff_upload_the_filled_template(bali, badung, bangli, live_server, tmp_path):
    field_staff(places=[bali], username="petugas_upload")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID", accept_downloads=True)
        page.goto(f"{live_server.url}/entry/upload/")
        sign_in(page, "petugas_upload")

        with page.expect_download() as download:
            page.click("button[name=template][value=csv]")
        rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
        header, body = rows[0], rows[1:]
        assert sorted(row[header.index("code")] for row in body) == ["51.03", "51.06"]
        for row in body:
            participants, working_population = FIGURES[row[header.index("code")]]
            row[header.index("participants")] = participants
            row[header.index("working_population")] = working_population
            row[header.index("source")] = "Kantor Cabang Badung dan Bangli"
        filled = tmp_path / "bali-filled.csv"
        with filled.open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows([header, *body])
        as_of = body[0][header.index("as_of")]

        page.set_input_files("input[type=file]", str(filled))
        with page.expect_navigation():
            page.click("form:has(input[type=file]) button[type=submit]")
        preview = page.locator("main").inner_text()
        assert "bali-filled.csv" in preview
        # The preview groups digits the Indonesian way and counts two new rows; the entry page has none yet
        # (the database itself cannot be asked inside playwright's event loop).
        assert "168.900" in preview and "118.208" in preview and "2 akan dibuat" in preview
        assert "0 dari 2 kabupaten/kota sudah diisi" in page.request.get(f"{live_server.url}/entry/").text()

        with page.expect_navigation():
            page.click("button[name=confirm]")
        assert page.url.endswith(f"/entry/?as_of={as_of}")  # the date the file gave
        text = page.locator("main").inner_text()
        browser.close()
    assert "bali-filled.csv" in text and "2 dari 2" in text
    assert "168.900" in text and "285.846" in text
    stored = {s.regency.code: (s.participants, s.working_population, s.as_of.isoformat(), s.source)
              for s in CoverageSnapshot.objects.select_related("regency")}
    assert stored == {code: (int(p), int(w), as_of, "Kantor Cabang Badung dan Bangli")
                      for code, (p, w) in FIGURES.items()}
