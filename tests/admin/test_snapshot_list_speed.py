"""The snapshot list costs the same number of queries whatever the number of snapshots."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.admin.paging import EstimatedCountPaginator
from coverage.admin.snapshots import CoverageSnapshotAdmin
from coverage.demo import month_ends
from coverage.models import CoverageSnapshot
from tests.factories import RegencyFactory, SnapshotFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:coverage_coveragesnapshot_changelist")


# Ten cut-offs over two years: the date drill-down costs a query per year or month that has data,
# whatever the number of rows, so both lists below use the same cut-offs.
CUT_OFFS = month_ends(datetime.date(2024, 9, 30), 10)


def store_snapshots(province, *, regencies, first=1):
    for number in range(first, first + regencies):
        regency = RegencyFactory(province=province, code=f"{province.code}.{number:02d}")
        for as_of in CUT_OFFS:
            SnapshotFactory(regency=regency, as_of=as_of, source="Data demo")


def list_queries(client, url=LIST_URL):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [LIST_URL, LIST_URL + "?province=51", LIST_URL + "?as_of__year=2025",
                                 LIST_URL + "?q=51.0&source=demo"])
def test_snapshot_list_query_count_does_not_grow_with_rows(admin_client, bali, ntb, url,
                                                          django_assert_max_num_queries):
    store_snapshots(bali, regencies=1)  # 10 snapshots
    few = list_queries(admin_client, url)

    store_snapshots(bali, regencies=10, first=2)  # 190 more (also in Bali, also matching the search): 200
    store_snapshots(ntb, regencies=9)
    with django_assert_max_num_queries(few):
        response = admin_client.get(url)
    assert response.context["cl"].result_count > 10


def test_snapshot_list_shows_province_and_computed_coverage(admin_client, badung):
    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 3, 31), participants=167_734, working_population=285_846)
    page = admin_client.get(LIST_URL).content.decode()
    assert "Kabupaten Badung" in page and "Bali" in page
    assert "58,68" in page  # from arithmetic.coverage_percent, in Indonesian
    assert "167.734" in page


@pytest.fixture
def ten_per_page(monkeypatch):
    """Deep pages without thousands of rows: ten snapshots a page."""
    monkeypatch.setattr(CoverageSnapshotAdmin, "list_per_page", 10)


def test_a_deep_page_costs_the_queries_of_the_first(admin_client, bali, ntb, ten_per_page):
    store_snapshots(bali, regencies=5)  # 50 snapshots: 5 pages
    first = list_queries(admin_client, LIST_URL)
    assert list_queries(admin_client, LIST_URL + "?p=5") == first

    store_snapshots(bali, regencies=10, first=6)
    store_snapshots(ntb, regencies=9)  # 240 snapshots: 24 pages
    assert list_queries(admin_client, LIST_URL + "?p=20") == first
    assert list_queries(admin_client, LIST_URL + "?p=3&source=demo&q=51") == list_queries(
        admin_client, LIST_URL + "?source=demo&q=51")


def test_a_deep_page_lists_the_newest_cut_offs_first_then_by_code(admin_client, bali, ntb, ten_per_page):
    store_snapshots(bali, regencies=3)
    store_snapshots(ntb, regencies=4)  # 70 snapshots, seven a cut-off
    cl = admin_client.get(LIST_URL, {"p": 6}).context["cl"]
    rows = [(snapshot.as_of, snapshot.regency.code) for snapshot in cl.result_list]
    # Rows 51..60: the 8th newest cut-off holds rows 50..56, the 9th rows 57..63.
    eighth, ninth = sorted(CUT_OFFS, reverse=True)[7:9]
    assert rows == (
        [(eighth, code) for code in ("51.02", "51.03", "52.01", "52.02", "52.03", "52.04")]
        + [(ninth, code) for code in ("51.01", "51.02", "51.03", "52.01")]
    )


@pytest.mark.parametrize("query", [
    {"p": 7},
    {"p": 7, "o": "1"},  # by regency
    {"p": 4, "o": "-3.1"},  # by as_of ascending, then regency descending
    {"p": 2, "source": "demo", "q": "52"},
    {"p": 3, "as_of__year": "2025"},
    {"p": 2, "province": "52", "status": "submitted"},
])
def test_a_deep_page_holds_the_rows_of_a_plain_slice_of_the_list(admin_client, bali, ntb, ten_per_page, query):
    store_snapshots(bali, regencies=4)
    store_snapshots(ntb, regencies=4)
    CoverageSnapshot.objects.filter(regency__code__in=["51.02", "52.03"]).update(source="BPS Sakernas")
    cl = admin_client.get(LIST_URL, query).context["cl"]
    bottom = (query["p"] - 1) * 10
    expected = list(cl.queryset[bottom:bottom + 10])  # the OFFSET slice of the same ordered, filtered list
    assert len(expected) == 10
    assert [snapshot.pk for snapshot in cl.result_list] == [snapshot.pk for snapshot in expected]


def test_source_filter_finds_whatever_the_case(admin_client, badung, bangli):
    SnapshotFactory(regency=badung, source="Laporan Kanwil BANUSPA")
    SnapshotFactory(regency=bangli, source="Data demo")
    for term in ("banuspa", "Banuspa", "BANUSPA", "kanwil ban"):
        cl = admin_client.get(LIST_URL, {"source": term}).context["cl"]
        assert [snapshot.regency for snapshot in cl.result_list] == [badung]
    assert admin_client.get(LIST_URL, {"source": "sakernas"}).context["cl"].result_count == 0


def test_a_filtered_list_is_counted_up_to_the_cap(admin_client, bali, ten_per_page, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "count_cap", 25)
    store_snapshots(bali, regencies=4)  # 40 snapshots, all "Data demo"
    response = admin_client.get(LIST_URL, {"source": "DEMO"})
    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.count_is_capped, cl.paginator.num_pages) == (25, True, 3)
    page = response.content.decode()
    assert "lebih dari 25 data cakupan" in page and "lebih dari 25 hasil" in page

    response = admin_client.get(LIST_URL, {"source": "demo", "q": "51.01"})  # one regency: 10 snapshots
    assert (response.context["cl"].result_count, response.context["cl"].paginator.count_is_capped) == (10, False)
    assert "10 data cakupan" in response.content.decode()
    assert "lebih dari" not in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_the_source_filter_can_use_the_trigram_index(badung):
    SnapshotFactory(regency=badung, source="Laporan Kanwil Banuspa")
    with connection.cursor() as cursor:
        # A few rows are read faster without any index: make the planner show whether it can use this one.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = CoverageSnapshot.objects.filter(source__icontains="banuspa").order_by().explain()
    assert "snapshot_source_trgm_idx" in plan
