"""The long-table helpers of the admin give what Django's own would, without reading every row."""
import datetime

import pytest
from django.db import connection
from django.urls import reverse

from coverage.admin import paging
from coverage.models import CoverageSnapshot
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

CUT_OFFS = [datetime.date(2019, 12, 31), datetime.date(2020, 1, 31), datetime.date(2020, 3, 31),
            datetime.date(2022, 3, 31), datetime.date(2022, 11, 30)]


@pytest.fixture
def snapshots(badung, bangli):
    for as_of in CUT_OFFS:
        SnapshotFactory(regency=badung, as_of=as_of)
    SnapshotFactory(regency=bangli, as_of=datetime.date(2021, 6, 30))


@pytest.mark.parametrize("kind", ["year", "month"])
@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_probed_dates_are_djangos_dates(snapshots, kind, order):
    probed = paging.ProbedDatesQuerySet.from_queryset(CoverageSnapshot.objects.all())
    assert list(probed.dates("as_of", kind, order)) == list(CoverageSnapshot.objects.dates("as_of", kind, order))


def test_probed_dates_follow_the_lists_filters(snapshots, badung):
    probed = paging.ProbedDatesQuerySet.from_queryset(CoverageSnapshot.objects.filter(regency=badung))
    assert probed.dates("as_of", "year") == [datetime.date(y, 1, 1) for y in (2019, 2020, 2022)]


def test_probed_dates_of_an_empty_list(db):
    assert paging.ProbedDatesQuerySet.from_queryset(CoverageSnapshot.objects.all()).dates("as_of", "year") == []


def test_filtered_list_is_counted_exactly(snapshots, badung):
    paginator = paging.EstimatedCountPaginator(CoverageSnapshot.objects.filter(regency=badung), 2)
    assert (paginator.count, paginator.count_is_estimate) == (5, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's row estimate is PostgreSQL's")
def test_unfiltered_long_list_is_counted_from_the_planners_estimate(admin_client, snapshots, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE coverage_coveragesnapshot")
    monkeypatch.setattr(paging, "ESTIMATE_ABOVE", 0)  # treat six rows as a long table
    paginator = paging.EstimatedCountPaginator(CoverageSnapshot.objects.all(), 2)
    assert (paginator.count, paginator.count_is_estimate) == (6, True)
    page = admin_client.get(reverse("admin:coverage_coveragesnapshot_changelist")).content.decode()
    assert "sekitar 6 data cakupan" in page
