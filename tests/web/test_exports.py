"""The export module: streamed CSV with raw numbers, XLSX with real numbers and dates, the format parameter."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from coverage.web import exports

COLUMNS = ("code", "as_of", "participants", "coverage_pct", "target_pct")
ROWS = [
    ("51.03", datetime.date(2025, 3, 31), 935_079, Decimal("49.90"), None),
    ("51.06", datetime.date(2025, 2, 28), 1_234_567, Decimal("100.00"), Decimal("67.28")),
]


def _request(query=""):
    request = RequestFactory().get("/rankings/" + query)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_is_streamed_with_raw_numbers_and_empty_cells_for_none():
    response = exports.csv_response(columns=COLUMNS, rows=iter(ROWS), filename="ucj-test")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ucj-test.csv"'
    assert _csv_rows(response) == [
        list(COLUMNS),
        ["51.03", "2025-03-31", "935079", "49.90", ""],
        ["51.06", "2025-02-28", "1234567", "100.00", "67.28"],
    ]


def test_csv_reads_rows_lazily():
    consumed = []

    def rows():
        for row in ROWS:
            consumed.append(row)
            yield row

    response = exports.csv_response(columns=COLUMNS, rows=rows(), filename="lazy")
    assert consumed == []
    list(response.streaming_content)
    assert consumed == ROWS


def test_csv_holds_rows_beyond_one_chunk():
    many = [("51.03", datetime.date(2025, 3, 31), n, Decimal("1.00"), None) for n in range(exports.CHUNK_ROWS * 2 + 7)]
    rows = _csv_rows(exports.csv_response(columns=COLUMNS, rows=many, filename="many"))
    assert len(rows) == 1 + len(many)
    assert [int(r[2]) for r in rows[1:]] == list(range(len(many)))


def test_xlsx_keeps_numbers_as_numbers_and_dates_as_dates():
    response = exports.xlsx_response(columns=COLUMNS, rows=ROWS, filename="ucj-test")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert 'filename="ucj-test.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["Kode", "Per tanggal", "Peserta aktif", "Cakupan (%)", "Target (%)"]  # the page's language
    assert values[1][:4] == ["51.03", datetime.datetime(2025, 3, 31), 935_079, 49.9]
    assert values[1][4] is None
    assert values[2][2:] == [1_234_567, 100, 67.28]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "CSV"])
def test_known_formats_are_recognised(fmt):
    request = _request(f"?_export={fmt}")
    assert exports.export_format(request) == fmt.lower()
    assert list(get_messages(request)) == []


def test_no_export_parameter_means_the_page():
    assert exports.export_format(_request("?province=51")) is None


def test_unknown_format_gives_the_page_with_a_message():
    request = _request("?_export=pdf")
    assert exports.export_format(request) is None
    [message] = list(get_messages(request))
    assert "pdf" in str(message)
    assert "CSV" in str(message)


def test_export_links_keep_the_filter_and_drop_the_page():
    links = exports.export_links(_request("?province=51&sort=-coverage_pct&page=3&_export=pdf"))
    assert links == {
        "csv": "?province=51&sort=-coverage_pct&_export=csv",
        "xlsx": "?province=51&sort=-coverage_pct&_export=xlsx",
    }


def test_unknown_format_is_refused_by_export_response():
    with pytest.raises(ValueError):
        exports.export_response("pdf", columns=COLUMNS, rows=ROWS, filename="x")


def test_text_that_looks_like_a_formula_stays_text_but_negative_numbers_stay_numbers():
    rows = [("=HYPERLINK(\"http://x\")", Decimal("-0.50"), -3, "+62 note", "Kabupaten Badung")]
    columns = ("source", "change_pp", "n", "note", "regency")
    [_header, row] = _csv_rows(exports.csv_response(columns=columns, rows=rows, filename="x"))
    assert row == ["'=HYPERLINK(\"http://x\")", "-0.50", "-3", "'+62 note", "Kabupaten Badung"]
    response = exports.xlsx_response(columns=columns, rows=rows, filename="x")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))[1]
    assert values == ("'=HYPERLINK(\"http://x\")", -0.5, -3, "'+62 note", "Kabupaten Badung")


def test_a_page_csv_starts_with_a_byte_order_mark_and_keeps_the_keys():
    response = exports.export_response("csv", columns=COLUMNS, rows=ROWS, filename="x")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbfcode,as_of,")
    assert next(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == list(COLUMNS)


def test_the_apis_csv_has_no_byte_order_mark():
    content = b"".join(exports.csv_response(columns=COLUMNS, rows=ROWS, filename="x").streaming_content)
    assert content.startswith(b"code,")


def test_xlsx_is_laid_out_for_people():
    with translation.override("en"):
        response = exports.export_response("xlsx", columns=COLUMNS, rows=ROWS, filename="x",
                                           title="Ranking: [Bali]/2025? a long title that goes on")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Ranking- -Bali--2025- a long ti"  # 31 characters
    header = sheet[1]
    assert [cell.value for cell in header] == ["Code", "As of", "Active participants", "Coverage (%)", "Target (%)"]
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= len("Active participants")
    _code, as_of, participants, coverage, _target = sheet[2]
    assert (as_of.is_date, participants.number_format, coverage.number_format) == (True, "#,##0", '0.00"%"')
    assert coverage.value == 49.9  # the number the CSV holds, shown with "%"


@pytest.mark.parametrize(("title", "name"), [
    ("Peringkat kabupaten/kota", "Peringkat kabupaten-kota"),
    ("'quoted'", "quoted"),
    ("a" * 40, "a" * 31),
    ("***", "---"),
    ("", "Sheet1"),
])
def test_sheet_names_fit_excel(title, name):
    assert exports.sheet_name(title) == name


@pytest.mark.parametrize("header", ["as_of", "As of", "per tanggal", " PER TANGGAL "])
def test_a_column_is_known_by_its_key_or_its_header_in_either_language(header):
    assert exports.column_key(header) == "as_of"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_column_has_its_own_header_in_each_language(language):
    with translation.override(language):
        headers = {key: str(label).casefold() for key, label in exports.COLUMN_LABELS.items()}
    assert len(set(headers.values())) == len(headers)
    assert all(header == key or header not in headers for key, header in headers.items()), "another column's key"
