"""Each list's fields and figures: the export's keys, the pages' numbers for the same parameters, filters, paging."""
import csv
import datetime
import io
from decimal import Decimal

import factory
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverage.api.columns import json_value
from coverage.history.selectors import HISTORY_COLUMNS
from coverage.rankings.selectors import PROVINCE_RANKING_COLUMNS, REGENCY_RANKING_COLUMNS
from tests.api.conftest import MARCH
from tests.factories import SnapshotFactory, TargetFactory

pytestmark = pytest.mark.django_db


def export(client, path, query) -> list[list[str]]:
    """A page's CSV export: header and rows."""
    response = client.get(path, {**query, "_export": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def as_cells(result: dict) -> list[str]:
    """An API row written as the CSV export writes it."""
    return ["" if value is None else str(value) for value in result.values()]


def results(client, path, query=None) -> list[dict]:
    response = client.get(path, {"per_page": 1000, **(query or {})})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_bali_on_31_march_2025_has_the_published_figures(api, bali_published):
    bali = results(api, "/api/v1/rankings/provinces/", {"as_of": MARCH})[0]
    assert list(bali) == list(PROVINCE_RANKING_COLUMNS)
    assert bali == {
        "rank": 1, "code": "51", "province": "Bali", "regencies_reporting": 9, "regencies_total": 9,
        "participants": 935079, "working_population": 1873899, "coverage_pct": "49.90", "target_pct": "67.28",
        "gap_pp": "17.38", "participants_needed": 325681, "regencies_approved": 0,
        "pace_per_month": None, "needed_per_month": 36187, "projected_pct": None, "outlook": "unknown",
    }


@pytest.mark.parametrize("query", [
    {"as_of": MARCH, "province": "51"},
    {"as_of": MARCH, "province": "51", "source": "bpjs"},  # no target of that source: nulls
    {"as_of": "2025-02-28"},
    {},  # today, Kemendagri, every regency
])
def test_regency_ranking_is_the_pages_export(api, official_client, bali_published, query):
    rows = export(official_client, "/rankings/", query)
    api_rows = results(api, "/api/v1/rankings/regencies/", query)
    assert rows[0] == list(REGENCY_RANKING_COLUMNS) == list(api_rows[0])
    assert [as_cells(row) for row in api_rows] == rows[1:]


@pytest.mark.parametrize("query", [{"as_of": MARCH}, {"as_of": MARCH, "source": "rpjmd"}, {}])
def test_province_ranking_is_the_pages_export(api, official_client, bali_published, ntb, query):
    rows = export(official_client, "/rankings/provinces/", query)
    assert [as_cells(row) for row in results(api, "/api/v1/rankings/provinces/", query)] == rows[1:]


@pytest.mark.parametrize("query", [
    {}, {"province": "51"}, {"regency": "51.03"}, {"as_of_after": "2025-03-01"}, {"as_of_before": "2025-03-01"},
    {"coverage_min": "50", "coverage_max": "58.68"},
])
def test_snapshots_are_the_history_export(api, official_client, bali_published, lombok_barat, query):
    SnapshotFactory(regency=lombok_barat, as_of="2025-03-31", participants=1, working_population=3)
    rows = export(official_client, "/history/", query)
    api_rows = results(api, "/api/v1/snapshots/", query)
    assert rows[0] == list(HISTORY_COLUMNS) == list(api_rows[0])
    # The history page lists the newest first; the API in (as_of, code) order, for its keyset paging.
    assert [as_cells(row) for row in api_rows] == sorted(rows[1:], key=lambda row: (row[3], row[0]))


def test_counts_are_integers_and_percentages_strings_with_two_decimals(api, bali_published):
    badung = next(row for row in results(api, "/api/v1/snapshots/", {"regency": "51.03"}) if row["as_of"] == MARCH)
    assert badung["participants"] == 167734 and badung["working_population"] == 285846
    assert badung["coverage_pct"] == "58.68" and badung["pu"] is None
    row = results(api, "/api/v1/rankings/regencies/", {"as_of": MARCH, "province": "51"})[0]
    assert (row["target_pct"], row["gap_pp"], row["change_pp"]) == ("67.28", "8.60", "0.59")


def test_provinces_count_their_regencies(api, bali_published, ntb):
    assert results(api, "/api/v1/provinces/") == [
        {"code": "51", "name": "Bali", "regencies_total": 9},
        {"code": "52", "name": "Nusa Tenggara Barat", "regencies_total": 0},
    ]
    assert api.get("/api/v1/provinces/51/").json() == {"code": "51", "name": "Bali", "regencies_total": 9}


def test_regencies_of_one_province(api, bali_published, lombok_barat):
    rows = results(api, "/api/v1/regencies/", {"province": "51"})
    assert [row["code"] for row in rows] == ["51.01", "51.02", "51.03", "51.04", "51.05", "51.06", "51.07",
                                             "51.08", "51.71"]
    assert rows[-1] == {"code": "51.71", "name": "Kota Denpasar", "kind": "kota", "province": "51"}
    assert len(results(api, "/api/v1/regencies/")) == 10
    assert api.get("/api/v1/regencies/52.01/").json()["province"] == "52"


def test_targets_by_year_source_and_province(api, bali_published, badung, ntb):
    TargetFactory(province=None, regency=badung, year=2025, percent=Decimal("70.00"), source="rpjmd", note="own")
    TargetFactory(province=ntb, year=2024, percent=Decimal("55.50"))
    assert results(api, "/api/v1/targets/", {"province": "51"}) == [
        {"code": "51", "year": 2025, "percent": "67.28", "source": "kemendagri", "note": ""},
        {"code": "51.03", "year": 2025, "percent": "70.00", "source": "rpjmd", "note": "own"},
    ]
    assert [row["code"] for row in results(api, "/api/v1/targets/", {"year": "2024"})] == ["52"]
    assert [row["code"] for row in results(api, "/api/v1/targets/", {"source": "rpjmd"})] == ["51.03"]
    assert len(results(api, "/api/v1/targets/")) == 3


def test_a_numbered_list_pages_to_its_end_and_back(api, bali_published):
    url, seen = "/api/v1/regencies/?per_page=4", []
    while url:
        body = api.get(url).json()
        seen += [row["code"] for row in body["results"]]
        last, url = url, body["next"]
    assert len(seen) == 9 and len(set(seen)) == 9
    assert body["previous"].endswith("page=2") and "per_page=4" in body["previous"]
    assert api.get(last.replace("page=3", "page=1")).json()["previous"] is None


def test_a_page_holds_100_rows_unless_asked(api, regions):
    body = api.get("/api/v1/regencies/").json()
    assert len(body["results"]) == 100 and body["next"].endswith("page=2")
    assert len(api.get("/api/v1/regencies/", {"per_page": 1000}).json()["results"]) == 514


def test_json_value_keeps_integers_and_writes_decimals_and_dates_as_text():
    assert [json_value(v) for v in (7, Decimal("49.90"), datetime.date(2025, 3, 31), None, "Bali")] == [
        7, "49.90", "2025-03-31", None, "Bali"]


ENDPOINTS = [
    "/api/v1/", "/api/v1/provinces/", "/api/v1/provinces/51/", "/api/v1/regencies/", "/api/v1/regencies/51.03/",
    "/api/v1/snapshots/", "/api/v1/rankings/regencies/", "/api/v1/rankings/provinces/", "/api/v1/targets/",
    "/api/v1/datapackage.json",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_queries_do_not_grow_with_the_history(api, bali_published, badung, url):
    def queries():
        cache.clear()  # what a cold cache reads: the cached rankings are read again after every write
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url, {"as_of": "2025-12-31"} if "rankings" in url else {}).status_code == 200
        return len(captured)

    queries()  # the token's first use is noted once
    before = queries()
    SnapshotFactory.create_batch(12, regency=badung, as_of=factory.Iterator(
        [datetime.date(2024, month, 15) for month in range(1, 13)]))
    assert queries() == before <= 6
