"""Spreadsheets built to cost a server: each refused as soon as it shows itself, by every way files come in.

Before coverage/imports/xlsx_guard.py some of these files kept a worker busy for hours; the `deadline` fixture turns
such a wait into a failure.
"""
import datetime
import io
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from coverage.imports import reading as imports
from coverage.imports import xlsx_guard
from coverage.models import CoverageSnapshot
from tests.imports.files import HEADER, STYLES, csv_file, text_cells, xlsx_parts

pytestmark = pytest.mark.django_db

HEADER_ROW = f'<row r="1">{text_cells(HEADER[:4])}</row>'


def data_row(number=None, code="51.03") -> str:
    numbered = "" if number is None else f' r="{number}"'
    return f"<row{numbered}>{text_cells([code, '2025-03-31', '500', '1000'])}</row>"


@pytest.fixture(autouse=True)
def deadline():
    """A hard bound: these files took minutes or hours before the guard, and take well under a second now."""
    def expired(signum, frame):
        pytest.fail("the file was not answered within 30 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 30)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(file, **limits) -> imports.FileRefused:
    with pytest.raises(imports.FileRefused) as refused:
        imports.read_snapshot_file(file, **limits)
    return refused.value


def test_the_issues_file_a_row_numbered_99_999_999_999_is_refused_at_once():
    refused = refusal(xlsx_parts(HEADER_ROW + data_row(99_999_999_999)))
    assert refused.code == "unreadable"
    assert "row 99999999999 of its first sheet is damaged" in refused.messages[0]


@pytest.fixture
def cap(settings):
    return settings.UPLOAD_MAX_ROWS


@pytest.mark.parametrize(("number", "code"), [(lambda cap: cap + 1, None), (lambda cap: cap + 2, "too_many_rows"),
                                              (lambda cap: 1_048_576, "too_many_rows")])
def test_a_row_numbered_past_the_header_and_the_cap_is_refused_when_it_shows(cap, number, code):
    number = number(cap)  # the header is row 1
    file = xlsx_parts(HEADER_ROW + data_row(number))
    if code is None:
        assert [row.line for row in imports.read_snapshot_file(file)] == [number]
    else:
        assert refusal(file).code == code


def test_more_empty_rows_than_the_cap_are_refused_whether_above_or_below_the_header(cap):
    assert refusal(xlsx_parts("<row/>" * (cap + 101))).code == "too_many_rows"
    assert refusal(xlsx_parts(HEADER_ROW + "<row/>" * (cap + 1) + data_row())).code == "too_many_rows"


def test_the_header_and_blank_rows_above_it_are_forgiven_up_to_a_hundred():
    blank, rows = "<row/>" * 99, "".join(data_row(code=f"51.{n:02d}") for n in range(10))
    table = imports.read_snapshot_file(xlsx_parts(blank + HEADER_ROW.replace(' r="1"', "") + rows),
                                       max_rows=10)
    assert [row.line for row in table] == list(range(101, 111))
    assert refusal(xlsx_parts(blank + HEADER_ROW.replace(' r="1"', "") + rows + data_row()), max_rows=10).code \
        == "too_many_rows"


def test_rows_missing_between_numbers_cost_nothing_and_keep_their_numbers(cap):
    rows = imports.read_snapshot_file(xlsx_parts(HEADER_ROW + data_row(2) + data_row(cap + 1, code="51.06")))
    assert [(row.line, row.code) for row in rows] == [(2, "51.03"), (cap + 1, "51.06")]


@pytest.mark.parametrize("file", [
    pytest.param(lambda: xlsx_parts(HEADER_ROW + data_row() * 2_000), id="sheet"),
    pytest.param(lambda: xlsx_parts(HEADER_ROW, strings="<si><t>x</t></si>" * 4_000), id="shared strings"),
    pytest.param(lambda: xlsx_parts(HEADER_ROW, styles=STYLES.replace("</cellXfs>", "<xf/>" * 220_000
                                                                      + "</cellXfs>")), id="styles"),
])
def test_a_part_larger_than_the_rows_need_is_refused_on_its_declared_size(file):
    # With a cap of 10 rows: the sheet may unpack to 110 KB, the shared strings to 55 KB, any other part to 1 MB.
    refused = refusal(file(), max_rows=10)
    assert refused.code == "too_large_inside"
    assert "far more than 10 rows of figures would need" in refused.messages[0]


def test_more_shared_strings_than_the_rows_need_are_refused_as_they_are_counted():
    # 1,761 empty strings fit in 9 KB; the table's `count` attribute, which anyone can write, is not believed.
    refused = refusal(xlsx_parts(HEADER_ROW, strings="<si/>" * (110 * 16 + 1)), max_rows=10)
    assert refused.code == "too_large_inside"


def test_more_cells_than_the_rows_need_are_refused_as_they_are_counted():
    assert refusal(xlsx_parts(HEADER_ROW + "<row>" + "<c/>" * 4_400 + "</row>"), max_rows=10).code \
        == "too_large_inside"


def test_the_uploads_cap_setting_sets_the_limits_inside_a_workbook(settings):
    # 110 rows of the cap (10 + the hundred forgiven above the header) x 40 elements: 4,400 in all.
    many_cells = HEADER_ROW + "<row>" + "<c/>" * 4_400 + "</row>"
    settings.UPLOAD_MAX_ROWS = 10
    refused = refusal(xlsx_parts(many_cells))
    assert refused.code == "too_large_inside"
    assert "far more than 10 rows of figures would need" in refused.messages[0]
    settings.UPLOAD_MAX_ROWS = 20
    assert refusal(xlsx_parts(many_cells)).code == "empty"  # within the budget: read, and no data row in it
    assert xlsx_guard.Limits.for_rows(10_000) == xlsx_guard.Limits(
        rows=10_100, elements=404_000, sheet_bytes=10_100 * 1024, strings=161_600, string_bytes=10_100 * 512,
        max_rows=10_000)


@pytest.mark.parametrize("sheet", [
    pytest.param(HEADER_ROW + "<row><c>" + "<x>" * 100 + "</x>" * 100 + "</c></row>", id="nested 100 deep"),
    pytest.param(HEADER_ROW + "<row " + "".join(f'a{n}="" ' for n in range(200_000)) + "/>", id="a 1.4 MB tag"),
    pytest.param(HEADER_ROW + f'<row>{text_cells(["x" * 32_768])}</row>', id="a cell longer than Excel allows"),
])
def test_structures_that_would_take_gigabytes_to_hold_are_unreadable(sheet):
    refused = refusal(xlsx_parts(sheet))
    assert refused.code == "unreadable"


def test_entity_expansion_is_refused():
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{HEADER_ROW}'
              f'<row>{text_cells(["&b;"])}</row></sheetData></worksheet>')
    assert refusal(xlsx_parts("", sheet_xml=laughs)).code == "unreadable"


def test_a_cell_far_right_does_not_widen_every_row_after_it():
    file = xlsx_parts(HEADER_ROW + '<row r="2"><c r="XFD2"><v>1</v></c></row>' + data_row(3))
    rows = dict(xlsx_guard.sheet_rows(file, max_rows=10))
    assert len(rows[2]) == len(rows[3]) == xlsx_guard.READ_COLUMNS
    assert rows[3][:4] == ("51.03", "2025-03-31", "500", "1000")


def test_a_csv_with_more_blank_lines_than_the_cap_is_refused_when_they_show():
    file = io.BytesIO(b"code,as_of,participants,working_population\n" + b"\n" * 11 + b"51.03,2025-03-31,5,10\n")
    assert refusal(file, max_rows=10).code == "too_many_rows"
    rows = imports.read_snapshot_file(csv_file([["51.03", "2025-03-31", "5", "10"]] * 10, header=HEADER[:4]),
                                      max_rows=10)
    assert len(rows) == 10


def test_the_guard_reads_a_good_workbook_as_openpyxl_does():
    from openpyxl import Workbook, load_workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "as_of", "participants", "ok", "ratio", "formula", None, "last"])
    sheet.append(["51.03", datetime.date(2025, 3, 31), 935079, True, 0.5, "=SUM(C2:C3)", None, "x"])
    sheet.append(["51.06", datetime.datetime(2025, 3, 31, 12, 30), -1, False, 1e-3, "=A2", "", None])
    saved = io.BytesIO()
    workbook.save(saved)  # shared strings, a date style, booleans, formulas: as Excel saves them
    expected = list(load_workbook(io.BytesIO(saved.getvalue()), read_only=True).active.iter_rows(values_only=True))
    assert [values for _number, values in xlsx_guard.sheet_rows(saved, max_rows=10)] == expected


def test_the_upload_page_answers_the_issues_file_and_stores_nothing(client, petugas, badung, caplog):
    client.force_login(petugas)
    file = xlsx_parts(HEADER_ROW + data_row(2) + data_row(99_999_999_999))
    response = client.post(reverse("entry_upload"), {"preview": "1", "file": SimpleUploadedFile(
        "maret.xlsx", file.getvalue())}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This file cannot be read as a spreadsheet: row 99999999999" in response.content.decode()
    assert not CoverageSnapshot.objects.exists()
    assert any(record.levelname == "WARNING" and "reason=unreadable" in record.getMessage()
               for record in caplog.records)


def test_the_command_has_no_row_cap_but_refuses_a_row_past_any_sheet(tmp_path, petugas, badung):
    path = tmp_path / "far.xlsx"
    path.write_bytes(xlsx_parts(HEADER_ROW + data_row(200_000)).getvalue())
    call_command("import_snapshots", str(path), user=petugas.username)  # past the upload's cap: the command's
    assert CoverageSnapshot.objects.get().participants == 500
    path.write_bytes(xlsx_parts(HEADER_ROW + data_row(99_999_999_999)).getvalue())
    with pytest.raises(CommandError, match="row 99999999999 of its first sheet is damaged"):
        call_command("import_snapshots", str(path), user=petugas.username)
    assert CoverageSnapshot.objects.count() == 1
