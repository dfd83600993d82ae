"""The snapshot list's keyset paging: to the end and back, with the same number of queries on every page."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverage.models import CoverageSnapshot
from tests.factories import RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(bali):
    """Five regencies over 24 month-ends: 120 snapshots, stored in no particular order."""
    regencies = [RegencyFactory(province=bali, code=code) for code in ("51.71", "51.03", "51.01", "51.06", "51.02")]
    months = [datetime.date(2023 + m // 12, m % 12 + 1, 28) for m in range(24)]
    CoverageSnapshot.objects.bulk_create(
        CoverageSnapshot(regency=regency, as_of=as_of, participants=100 + i, working_population=1000)
        for i, (as_of, regency) in enumerate((a, r) for r in regencies for a in months[::-1])
    )
    return sorted((as_of.isoformat(), regency.code) for regency in regencies for as_of in months)


def keys(body):
    return [(row["as_of"], row["code"]) for row in body["results"]]


def walk(api, url, link):
    pages = []
    while url:
        body = api.get(url).json()
        pages.append(keys(body))
        url = body[link]
    return pages


def test_paging_forwards_reaches_every_snapshot_once_in_order(api, history):
    pages = walk(api, "/api/v1/snapshots/?per_page=7", "next")
    assert [key for page in pages for key in page] == history
    assert [len(page) for page in pages] == [7] * 17 + [1]


def test_paging_backwards_from_the_last_page_reaches_every_snapshot_once(api, history):
    body = api.get("/api/v1/snapshots/?per_page=7").json()
    while body["next"]:
        body = api.get(body["next"]).json()
    pages = [keys(body), *walk(api, body["previous"], "previous")]
    assert [key for page in pages[::-1] for key in page] == history


def test_previous_gives_the_page_before(api, history):
    first = api.get("/api/v1/snapshots/?per_page=7").json()
    second = api.get(first["next"]).json()
    assert keys(api.get(second["previous"]).json()) == keys(first)


def test_the_first_page_has_no_previous_and_the_last_no_next(api, history):
    first = api.get("/api/v1/snapshots/", {"per_page": 200}).json()
    assert first["previous"] is None and first["next"] is None and len(first["results"]) == 120


def test_a_filter_is_kept_in_the_links(api, history):
    pages = walk(api, "/api/v1/snapshots/?regency=51.03&as_of_after=2024-01-01&per_page=5", "next")
    assert [key for page in pages for key in page] == [k for k in history if k[1] == "51.03" and k[0] >= "2024"]


def test_every_page_costs_the_same_queries_however_far_in(api, history, django_assert_max_num_queries):
    url, counts = "/api/v1/snapshots/?per_page=10", []
    api.get(url)  # the token's first use is noted once, then not again for minutes
    while url:
        with CaptureQueriesContext(connection) as queries:
            url = api.get(url).json()["next"]
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    # The token's lookup, the page.
    with django_assert_max_num_queries(2):
        api.get("/api/v1/snapshots/", {"per_page": 1000})


def test_the_page_is_one_query_that_compares_the_position_and_skips_nothing(api, history):
    with CaptureQueriesContext(connection) as queries:
        api.get("/api/v1/snapshots/", {"per_page": 10, "after": "2024-06-28,51.03"})
    sql = [q["sql"] for q in queries.captured_queries if "coverage_coveragesnapshot" in q["sql"]]
    assert len(sql) == 1 and "OFFSET" not in sql[0].upper() and "LIMIT 11" in sql[0].upper()


@pytest.mark.parametrize("position", ["2024-06-28", "2024-06-28,51.3", "yesterday,51.03", "2024-02-30,51.03",
                                      "2024-06-28,51.03\x00"])
def test_a_position_that_is_no_position_is_a_bad_parameter(english, history, position):
    response = english.get("/api/v1/snapshots/", {"after": position})
    assert response.status_code == 400
    assert response.json() == {"errors": {"after": [
        f"“{position[:30]}” is not a place in this list: follow the links “next” and “previous”."]}}


def test_after_and_before_together_are_refused(english, history):
    response = english.get("/api/v1/snapshots/", {"after": "2024-06-28,51.03", "before": "2024-07-28,51.03"})
    assert response.json() == {"errors": {"before": ["Give “after” or “before”, not both."]}}
