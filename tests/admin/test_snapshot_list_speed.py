"""The snapshot list costs the same number of queries whatever the number of snapshots."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.demo import month_ends
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
