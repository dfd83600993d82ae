"""Ranking exports: DESIGN.md's column keys, raw numbers, every row in the page's order, in any language."""
import csv
import io

import pytest
from openpyxl import load_workbook

from coverage.rankings.selectors import PROVINCE_RANKING_COLUMNS, REGENCY_RANKING_COLUMNS
from coverage.web import exports

pytestmark = pytest.mark.django_db

MARCH = "2025-03-31"


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_regency_csv_has_the_design_columns_and_raw_numbers(english, bali_published):
    rows = _csv(english.get("/rankings/", {"province": "51", "as_of": MARCH, "_export": "csv"}))
    assert rows[0] == list(REGENCY_RANKING_COLUMNS) == [
        "rank", "code", "regency", "province", "as_of", "participants", "working_population",
        "coverage_pct", "target_pct", "gap_pp", "participants_needed", "change_pp", "status",
        "pace_per_month", "needed_per_month", "projected_pct", "outlook",
    ]
    # A month of history gives no pace: 24,584 needed over 9 months, 2,732 a month, the outlook unknown.
    assert rows[1] == ["1", "51.03", "Kabupaten Badung", "Bali", "2025-03-31", "167734", "285846",
                       "58.68", "67.28", "8.60", "24584", "0.59", "submitted", "", "2732", "", "unknown"]
    assert len(rows) == 1 + 9


def test_the_csv_is_the_same_in_indonesian(official_client, bali_published):
    response = official_client.get("/rankings/", {"province": "51", "as_of": MARCH, "_export": "csv"})
    assert _csv(response)[1][5:9] == ["167734", "285846", "58.68", "67.28"]
    assert response["Content-Disposition"] == 'attachment; filename="ucj-regency-ranking-51-2025-03-31-kemendagri.csv"'


def test_no_value_is_an_empty_cell(official_client, bali_published):
    rows = _csv(official_client.get("/rankings/", {"province": "51", "as_of": MARCH, "source": "bpjs",
                                                   "_export": "csv"}))
    assert rows[1][8:11] == ["", "", ""]


def test_province_csv_has_the_design_columns_and_the_roll_up(official_client, bali_published):
    rows = _csv(official_client.get("/rankings/provinces/", {"as_of": MARCH, "_export": "csv"}))
    assert rows[0] == list(PROVINCE_RANKING_COLUMNS) == [
        "rank", "code", "province", "regencies_reporting", "regencies_total", "participants", "working_population",
        "coverage_pct", "target_pct", "gap_pp", "participants_needed", "regencies_approved",
        "pace_per_month", "needed_per_month", "projected_pct", "outlook",
    ]
    assert rows[1] == ["1", "51", "Bali", "9", "9", "935079", "1873899", "49.90", "67.28", "17.38", "325681", "0",
                       "", "36187", "", "unknown"]


def test_export_holds_every_row_beyond_one_page_in_the_page_order(official_client, regions):
    page = official_client.get("/rankings/", {"sort": "province", "per_page": "600"})
    on_page = [bound.record.code for bound in page.context["table"].page.object_list]
    rows = _csv(official_client.get("/rankings/", {"sort": "province", "page": "2", "_export": "csv"}))
    assert len(rows) == 1 + 514
    assert [row[1] for row in rows[1:]] == on_page
    assert on_page[0].startswith("11.")  # Aceh comes first by name


def test_export_follows_the_sort_of_the_page(official_client, bali_published):
    query = {"province": "51", "as_of": MARCH, "sort": "-working_population"}
    page = official_client.get("/rankings/", query)
    on_page = [bound.record.code for bound in page.context["table"].page.object_list]
    rows = _csv(official_client.get("/rankings/", {**query, "_export": "csv"}))
    assert [row[1] for row in rows[1:]] == on_page
    assert on_page[0] == "51.71"  # Kota Denpasar has the largest working population


def test_xlsx_holds_every_row_with_numbers(official_client, bali_published):
    response = official_client.get("/rankings/", {"province": "51", "as_of": MARCH, "_export": "xlsx"})
    assert response["Content-Disposition"].endswith('filename="ucj-regency-ranking-51-2025-03-31-kemendagri.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [exports.column_key(header) for header in rows[0]] == list(REGENCY_RANKING_COLUMNS)
    assert len(rows) == 1 + 9
    assert rows[1][:3] == (1, "51.03", "Kabupaten Badung")
    assert rows[1][5:8] == (167_734, 285_846, 58.68)


def test_a_bad_filter_gives_400_with_the_reason_not_a_download_of_something_else(english, bali_published):
    response = english.get("/rankings/", {"province": "99", "_export": "csv"})
    assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert response.content.decode() == "There is no province with the code “99”; all provinces are shown.\n"


@pytest.mark.parametrize("path", ["/rankings/", "/rankings/provinces/"])
def test_a_bad_sort_or_date_gives_400_in_the_users_language(official_client, bali_published, path):
    response = official_client.get(path, {"as_of": "2025-13-01", "_export": "xlsx"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode() and "<html" not in response.content.decode()
