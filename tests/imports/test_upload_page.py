"""/entry/upload/: template, preview, confirm; who may use it; refusals store nothing."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coverage.models import CoverageSnapshot
from tests.imports.files import HEADER, csv_file

pytestmark = pytest.mark.django_db
URL = reverse("entry_upload")


def upload(client, file, name="maret.csv"):
    return client.post(URL, {"preview": "1", "file": SimpleUploadedFile(name, file.getvalue())},
                       HTTP_ACCEPT_LANGUAGE="en")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officials_are_refused(client, pejabat):
    client.force_login(pejabat)
    assert client.get(URL).status_code == 403


def test_field_staff_see_the_page_and_the_entry_home_links_it(client, petugas, badung):
    client.force_login(petugas)
    assert client.get(URL).status_code == 200
    assert URL in client.get(reverse("entry")).content.decode()


def test_template_lists_the_users_regencies(client, petugas, badung, bangli, lombok_barat):
    client.force_login(petugas)
    response = client.get(URL, {"template": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Kode", "Kabupaten/kota", "Per tanggal", "Peserta aktif", "Penduduk bekerja")
    assert [row[0] for row in rows[1:]] == ["51.03", "51.06"]
    csv_text = b"".join(client.get(URL, {"template": "csv"}).streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("51.03,Kabupaten Badung,")


def test_preview_then_confirm_stores_with_history(client, petugas, badung, caplog):
    client.force_login(petugas)
    response = upload(client, csv_file([["51.03", "2025-03-31", "935.079", "1.873.899"]], header=HEADER[:4]))
    assert response.status_code == 200
    assert not CoverageSnapshot.objects.exists()  # the preview stores nothing
    assert "1 to create" in response.content.decode()
    response = client.post(URL, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    snapshot = CoverageSnapshot.objects.get()
    assert (snapshot.participants, snapshot.created_by) == (935079, petugas)
    assert any("event=import_stored" in r.getMessage() and "created=1" in r.getMessage() for r in caplog.records)
    assert "maret.csv" in snapshot.history.get().history_change_reason


def test_after_storing_the_user_sees_the_newest_date_of_the_file(client, petugas, badung, bangli):
    client.force_login(petugas)
    upload(client, csv_file([["51.03", "2025-03-31", "935079", "1873899"], ["51.06", "2025-04-30", "41987", "118208"],
                             ["51.03", "2025-02-28", "900000", "1873899"]], header=HEADER[:4]))
    response = client.post(URL, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert CoverageSnapshot.objects.count() == 3
    assert response["Location"] == f"{reverse('entry')}?as_of=2025-04-30"


def test_a_row_for_another_regency_is_refused_and_nothing_stored(client, petugas, badung, lombok_barat):
    client.force_login(petugas)
    response = upload(client, csv_file([["51.03", "2025-03-31", "500", "1000"],
                                        ["52.01", "2025-03-31", "500", "1000"]], header=HEADER[:4]))
    assert "You are not assigned to enter figures for this regency." in response.content.decode()
    response = client.post(URL, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "1 row was refused; nothing was stored." in response.content.decode()
    assert not CoverageSnapshot.objects.exists()


def test_a_row_refused_for_its_own_cells_names_its_regency(client, petugas, badung):
    client.force_login(petugas)
    response = upload(client, csv_file([["51.03", "2025-03-31", "", "285846", "100"]], header=HEADER[:5]))
    row = response.content.decode().split('<tr class="refused')[1].split("</tr>")[0]
    assert "Kabupaten Badung" in row and "This field is required." in row


def test_template_rows_left_empty_are_skipped_and_the_filled_ones_stored(client, petugas, badung, bangli):
    client.force_login(petugas)
    response = upload(client, csv_file([["51.03", "2025-03-31", "167734", "285846"],
                                        ["51.06", "2025-03-31", "", "118208"]], header=HEADER[:4]))
    body = response.content.decode()
    assert "1 to create" in body and '<tr class="refused' not in body and "51.06" not in body
    client.post(URL, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert list(CoverageSnapshot.objects.values_list("regency__code", "participants")) == [("51.03", 167734)]


def test_a_template_with_no_row_filled_in_is_refused_as_empty(client, petugas, badung):
    client.force_login(petugas)
    response = upload(client, csv_file([["51.03", "2025-03-31", "", "285846"]], header=HEADER[:4]))
    assert "The file has no data rows below its header." in response.content.decode()
    assert not CoverageSnapshot.objects.exists()


def test_not_a_spreadsheet_is_refused_with_its_message_and_logged(client, petugas, badung, caplog):
    client.force_login(petugas)
    response = client.post(URL, {"preview": "1", "file": SimpleUploadedFile("x.csv", b"\x89PNG\x00\x00")},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "This file is not a spreadsheet" in response.content.decode()
    assert any("event=upload_refused" in r.getMessage() and "reason=not_a_spreadsheet" in r.getMessage()
               for r in caplog.records)


def test_confirm_without_a_kept_file_asks_for_it_again(client, petugas, badung):
    client.force_login(petugas)
    response = client.post(URL, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "no longer kept" in response.content.decode()


def test_figures_stored_meanwhile_refuse_the_confirmation(client, petugas, badung):
    client.force_login(petugas)
    upload(client, csv_file([["51.03", "2025-03-31", "500", "1000"]], header=HEADER[:4]))
    CoverageSnapshot.objects.create(regency=badung, as_of="2025-03-31", participants=400, working_population=1000)
    response = client.post(URL, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "changed since the preview" in response.content.decode()
    assert CoverageSnapshot.objects.get().participants == 400


def test_a_file_too_large_is_refused_before_it_is_read(client, petugas, badung, monkeypatch):
    from coverage.imports import reading as imports

    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 100)
    client.force_login(petugas)
    response = upload(client, csv_file([["51.03", "2025-03-31", "500", "1000"]] * 10, header=HEADER[:4]))
    assert "The file is larger than" in response.content.decode()
    assert not CoverageSnapshot.objects.exists()


def test_the_english_preview_writes_its_numbers_and_dates_in_english(client, petugas, badung, bangli):
    import datetime

    from tests.factories import SnapshotFactory

    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=100_000, working_population=285_846)
    client.force_login(petugas)
    body = upload(client, csv_file([["51.03", "2025-03-31", "167734", "285846"],
                                    ["51.06", "2025-03-31", "12,5", "3000000000000"]], header=HEADER[:4])
                  ).content.decode()
    assert "Coverage moves from 34.98% to 58.68% since 28 February 2025" in body
    assert "Enter a number no larger than 2,147,483,647." in body  # not 2.147.483.647, although read in Indonesian
    assert "e.g. 935079." in body  # the one way of writing a count that every file is read with


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_template_of_the_chosen_date_comes_back_filled_in(client, petugas, badung, fmt):
    """Round trip: the CSV with its byte-order mark, the XLSX with headers in words, both read by the upload."""
    client.force_login(petugas)
    downloaded = b"".join(client.get(URL, {"template": fmt, "as_of": "2025-01-31"}).streaming_content)
    if fmt == "csv":
        assert downloaded.startswith(b"\xef\xbb\xbfcode,regency,as_of,")
        filled = downloaded.replace(b"2025-01-31,,", b"2025-01-31,167734,")
        filled = filled.replace(b"2025-01-31,167734,,", b"2025-01-31,167734,285846,")
    else:
        workbook = load_workbook(io.BytesIO(downloaded))
        sheet = workbook.active
        assert sheet["C2"].value.date().isoformat() == "2025-01-31"
        sheet["D2"], sheet["E2"] = 167_734, 285_846
        output = io.BytesIO()
        workbook.save(output)
        filled = output.getvalue()
    assert "1 to create" in upload(client, io.BytesIO(filled), name=f"t.{fmt}").content.decode()
    assert client.post(URL, {"confirm": "1"}).status_code == 302
    stored = CoverageSnapshot.objects.get()
    assert (stored.as_of.isoformat(), stored.participants, stored.working_population) == ("2025-01-31", 167_734,
                                                                                         285_846)


def test_a_bad_template_date_is_refused_with_a_message(client, petugas, badung):
    client.force_login(petugas)
    response = client.get(URL, {"template": "csv", "as_of": "31-01-2025"}, follow=True,
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.redirect_chain == [(URL, 302)]
    assert "Enter a date as YYYY-MM-DD, e.g. 2025-03-31." in response.content.decode()


def test_the_page_offers_the_latest_month_end_for_the_template(client, petugas, badung):
    from django.utils import timezone

    from coverage.snapshots.selectors import latest_month_end

    client.force_login(petugas)
    page = client.get(URL).content.decode()
    assert f'name="as_of" value="{latest_month_end(timezone.localdate()).isoformat()}"' in page


@pytest.mark.parametrize("content", [
    b"<html><body>Session expired</body></html>",  # a web page saved under the workbook's name
    b"code;as_of\n",  # text: never read as a CSV when its name says .xlsx
    b"PK\x03\x04 the first bytes of a workbook cut short",
])
def test_a_damaged_xlsx_is_reported_as_unreadable_not_as_lacking_columns(client, petugas, badung, content):
    client.force_login(petugas)
    body = upload(client, io.BytesIO(content), name="maret.xlsx").content.decode()
    assert "This file cannot be read as a spreadsheet: it is damaged." in body
    assert "lacks the column" not in body
    assert not CoverageSnapshot.objects.exists()


@pytest.mark.parametrize(("language", "message"), [
    ("en", "The file has more than {cap:,} rows, the most a file uploaded here may hold: split it, or ask an "
           "administrator to load it on the server with the command import_snapshots."),
    ("id", "Berkas memiliki lebih dari {cap:,} baris, batas berkas yang diunggah di sini: pecah berkasnya, atau "
           "minta administrator memuatnya di server dengan perintah import_snapshots."),
])
@pytest.mark.parametrize("url", [URL, reverse("admin:coverage_coveragesnapshot_import")])
def test_a_file_one_row_past_the_cap_is_refused_with_the_cap_and_the_command_in_the_users_language(
        client, settings, administrator, petugas, badung, url, language, message):
    cap = settings.UPLOAD_MAX_ROWS  # 10,000 unless UPLOAD_MAX_ROWS says otherwise
    client.force_login(petugas if url == URL else administrator)
    rows = [["51.03", "2025-03-31", "500", "1000"]] * (cap + 1)
    response = client.post(url, {"preview": "1", "file": SimpleUploadedFile(
        "tahun.csv", csv_file(rows, header=HEADER[:4]).getvalue())}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    written = message.format(cap=cap)
    assert (written if language == "en" else written.replace(",", ".", 1)) in response.content.decode()
    assert not CoverageSnapshot.objects.exists()


def test_a_file_at_the_cap_is_read(settings, petugas, badung):
    from coverage.imports import reading

    settings.UPLOAD_MAX_ROWS = 30
    rows = [["51.03", "2025-03-31", "500", "1000"]] * 30
    assert len(reading.read_snapshot_file(csv_file(rows, header=HEADER[:4]))) == 30
    with pytest.raises(reading.FileRefused) as refused:
        reading.read_snapshot_file(csv_file(rows + rows[:1], header=HEADER[:4]))
    assert refused.value.code == "too_many_rows"
