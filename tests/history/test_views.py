"""/history/: the filter combinations, sorting and pages, the exports, and bad parameters."""
import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from coverage.history.selectors import HISTORY_COLUMNS
from coverage.web import exports
from tests.conftest import FEBRUARY, JUNE, MARCH, messages_of
from tests.factories import RegencyFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

URL = "/history/"


def shown(response):
    """(code, as_of) of the rows on the page, in their order."""
    return [(b.record.regency.code, b.record.as_of.isoformat()) for b in response.context["table"].page.object_list]


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def with_ntb(known_bali, lombok_barat):
    SnapshotFactory(regency=lombok_barat, as_of=MARCH, participants=100, working_population=1000, source="BPJS NTB")


def test_all_snapshots_newest_first(signed_in, with_ntb):
    response = signed_in.get(URL)
    assert response.context["table"].paginator.count == 9
    assert shown(response)[:2] == [("51.01", "2025-06-30"), ("51.02", "2025-06-30")]
    assert shown(response)[-1] == ("51.06", "2025-02-28")
    assert "9 data" in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ({"province": "52"}, [("52.01", "2025-03-31")]),
    ({"regency": "51.03"}, [("51.03", "2025-06-30"), ("51.03", "2025-03-31")]),
    ({"regency": "kabupaten badung"}, [("51.03", "2025-06-30"), ("51.03", "2025-03-31")]),
    ({"regency": " BADUNG "}, [("51.03", "2025-06-30"), ("51.03", "2025-03-31")]),
    ({"province": "51", "as_of_before": "2025-03-31"}, [("51.03", "2025-03-31"), ("51.06", "2025-02-28")]),
    ({"as_of_after": "2025-03-01", "as_of_before": "2025-03-31"}, [("51.03", "2025-03-31"), ("52.01", "2025-03-31")]),
    ({"province": "51", "coverage_min": "50", "coverage_max": "59.91"},
     [("51.01", "2025-06-30"), ("51.03", "2025-06-30"), ("51.03", "2025-03-31")]),
    ({"coverage_max": "20"}, [("51.08", "2025-06-30"), ("52.01", "2025-03-31")]),
    ({"source": "ntb"}, [("52.01", "2025-03-31")]),
    ({"province": "52", "regency": "51.03"}, []),
])
def test_filter_combinations(signed_in, with_ntb, query, expected):
    response = signed_in.get(URL, query)
    assert shown(response) == expected
    assert messages_of(response) == []


@pytest.mark.parametrize("participants, working_population, shown_as, kept", [
    (49_995, 100_000, "50.00", True),   # 49.995 rounds half up to 50.00: kept by 50 <= coverage <= 50
    (49_994, 100_000, "49.99", False),
    (50_005, 100_000, "50.01", False),
    (50_004, 100_000, "50.00", True),
    (2_000_000_000, 2_000_000_000, "100.00", False),  # large counts do not overflow in the database
])
def test_coverage_range_uses_the_shown_rounded_figure(signed_in, bali, participants, working_population,
                                                      shown_as, kept):
    snapshot = SnapshotFactory(regency=RegencyFactory(province=bali, code="51.09"),
                               participants=participants, working_population=working_population)
    assert str(snapshot.coverage_percent) == shown_as
    response = signed_in.get(URL, {"coverage_min": "50", "coverage_max": "50"})
    assert (len(shown(response)) == 1) is kept


def test_sorting_by_coverage_and_pages(signed_in, with_ntb):
    response = signed_in.get(URL, {"sort": "-coverage_pct", "per_page": "3", "page": "2"})
    # 60.00, 59.91, 58.68 | 50.00, 40.00, 35.52 | ...
    assert shown(response) == [("51.01", "2025-06-30"), ("51.04", "2025-06-30"), ("51.06", "2025-02-28")]


def test_export_csv_holds_every_selected_row_in_page_order_with_raw_numbers(signed_in, bali):
    regency = RegencyFactory(province=bali, code="51.03", name="Kabupaten Badung")
    for month in range(1, 13):
        for year in range(2016, 2022):
            SnapshotFactory(regency=regency, as_of=datetime.date(year, month, 28),
                            participants=935_079 + month, working_population=1_873_899)
    response = signed_in.get(URL, {"province": "51", "sort": "as_of", "_export": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="ucj-history-')
    rows = csv_rows(response)
    assert rows[0] == list(HISTORY_COLUMNS)
    assert len(rows) == 1 + 72  # every row, not one page of 50
    assert rows[1] == ["51.03", "Kabupaten Badung", "Bali", "2016-01-28", "935080", "1873899", "49.90",
                       "", "", "", "", "", "submitted"]
    assert [row[3] for row in rows[1:]] == sorted(row[3] for row in rows[1:])


def test_export_is_the_same_whatever_the_language(signed_in, with_ntb):
    signed_in.cookies["django_language"] = "en"
    english = csv_rows(signed_in.get(URL, {"regency": "51.03", "_export": "csv"}))
    signed_in.cookies["django_language"] = "id"
    assert csv_rows(signed_in.get(URL, {"regency": "51.03", "_export": "csv"})) == english
    assert english[1][:7] == ["51.03", "Kabupaten Badung", "Bali", "2025-06-30", "171256", "285846", "59.91"]


def test_export_xlsx_has_headers_the_import_reads_as_the_keys_and_numbers(signed_in, with_ntb):
    response = signed_in.get(URL, {"province": "52", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode", "Kabupaten/kota")  # the page's language
    assert tuple(exports.column_key(header) for header in rows[0]) == HISTORY_COLUMNS
    assert rows[1][:7] == ("52.01", "Kabupaten Lombok Barat", "Nusa Tenggara Barat",
                           datetime.datetime(2025, 3, 31), 100, 1000, 10)


@pytest.mark.parametrize("query, words", [
    ({"province": "99"}, "99"),
    ({"regency": "xx"}, "xx"),
    ({"as_of_after": "31-12-2024"}, "YYYY-MM-DD"),
    ({"as_of_before": "kemarin"}, "YYYY-MM-DD"),
    ({"coverage_min": "abc"}, "0"),
    ({"coverage_max": "150"}, "100"),
    ({"coverage_min": "1.234"}, "dua desimal"),
    ({"sort": "bogus"}, "bogus"),
    ({"page": "999"}, "999"),
    ({"page": "abc"}, "abc"),
    ({"per_page": "-1"}, "600"),
    ({"_export": "pdf"}, "pdf"),
])
def test_bad_parameters_answer_200_with_a_message(signed_in, with_ntb, query, words):
    response = signed_in.get(URL, query)
    assert response.status_code == 200
    [message] = messages_of(response)
    assert words in message


def test_a_bad_value_leaves_out_only_its_own_filter(signed_in, with_ntb):
    response = signed_in.get(URL, {"province": "52", "coverage_min": "abc"})
    assert shown(response) == [("52.01", "2025-03-31")]
    assert response.context["form"]["coverage_min"].value() is None


def test_no_download_for_a_filter_that_was_left_out(signed_in, with_ntb):
    response = signed_in.get(URL, {"province": "99", "_export": "csv"})
    assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert response.content.decode() == "Tidak ada provinsi dengan kode “99”; semua provinsi ditampilkan.\n"


def test_english_formatting_of_the_same_figure(signed_in, with_ntb):
    signed_in.cookies["django_language"] = "en"
    body = signed_in.get(URL, {"regency": "51.03"}).content.decode()
    assert "171,256" in body and "59.91" in body and "Jun 30, 2025" not in body
    signed_in.cookies["django_language"] = "id"
    body = signed_in.get(URL, {"regency": "51.03"}).content.decode()
    assert "171.256" in body and "59,91" in body


@pytest.mark.parametrize("query", [{}, {"province": "51", "sort": "-coverage_pct"}, {"_export": "csv"}])
def test_query_count_does_not_grow_with_history(signed_in, with_ntb, bali, django_assert_max_num_queries, query):
    def queries():
        with django_assert_max_num_queries(15) as captured:
            response = signed_in.get(URL, query)
            if query.get("_export"):
                b"".join(response.streaming_content)
        return len(captured)

    before = queries()
    regency = RegencyFactory(code="51.09", province=bali)
    for day in range(1, 29):
        for month in range(1, 13):
            SnapshotFactory(regency=regency, as_of=datetime.date(2020, month, day))
    assert queries() == before


def test_unused_dates_are_fine(signed_in, with_ntb):
    assert shown(signed_in.get(URL, {"as_of_after": JUNE.isoformat(), "as_of_before": FEBRUARY.isoformat()})) == []


def test_a_name_of_two_regencies_is_refused_naming_both(signed_in, with_ntb, bali):
    RegencyFactory(province=bali, code="51.72", name="Kota Badung")  # beside Kabupaten Badung
    response = signed_in.get(URL, {"regency": "badung"}, HTTP_ACCEPT_LANGUAGE="en")
    [message] = messages_of(response)
    assert message == ("“badung” names more than one regency: Kabupaten Badung (51.03, "
                       "Bali), Kota Badung (51.72, Bali). Type its code; all regencies are shown.")
    assert response.context["table"].paginator.count == 9  # all regencies, as the message says
