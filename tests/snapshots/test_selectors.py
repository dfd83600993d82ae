"""latest_snapshots and its neighbours: the latest figure on or before a date, sums, assignments, month ends."""
import datetime

import pytest

from coverage.places.access import regencies_assigned_to
from coverage.rankings.selectors import national_overview
from coverage.snapshots.selectors import latest_month_end, latest_snapshots
from tests.factories import RegencyFactory, SnapshotFactory, field_staff

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY = datetime.date(2025, 3, 31), datetime.date(2025, 4, 30), datetime.date(2025, 5, 31)


def test_latest_on_or_before_the_date_is_chosen(badung, bangli):
    SnapshotFactory(regency=badung, as_of=MARCH, participants=100)
    SnapshotFactory(regency=badung, as_of=APRIL, participants=200)
    SnapshotFactory(regency=badung, as_of=MAY, participants=300)
    SnapshotFactory(regency=bangli, as_of=MAY, participants=50)

    assert {(s.regency.code, s.participants) for s in latest_snapshots(as_of=APRIL)} == {("51.03", 200)}
    assert {(s.regency.code, s.participants) for s in latest_snapshots(as_of=MAY)} == {
        ("51.03", 300), ("51.06", 50),
    }


def test_province_filter_keeps_only_its_regencies(badung, lombok_barat):
    SnapshotFactory(regency=badung)
    SnapshotFactory(regency=lombok_barat)
    assert [s.regency.code for s in latest_snapshots(as_of=MAY, province=badung.province)] == ["51.03"]


def test_query_count_does_not_grow_with_history(bali, django_assert_num_queries):
    regencies = [RegencyFactory(province=bali) for _ in range(5)]
    for regency in regencies:
        for month in range(1, 13):
            SnapshotFactory(regency=regency, as_of=datetime.date(2024, month, 28))
    with django_assert_num_queries(1):
        rows = list(latest_snapshots(as_of=MAY))
        assert [r.regency.province.code for r in rows] == ["51"] * 5
    assert {r.as_of for r in rows} == {datetime.date(2024, 12, 28)}


def test_national_overview_sums_latest_figures(badung, bangli):
    SnapshotFactory(regency=badung, as_of=MARCH, participants=100, working_population=1000)
    SnapshotFactory(regency=badung, as_of=APRIL, participants=600, working_population=1000)
    SnapshotFactory(regency=bangli, as_of=MARCH, participants=300, working_population=1000)
    overview = national_overview(as_of=APRIL)
    assert overview["participants"] == 900
    assert overview["working_population"] == 2000
    assert str(overview["coverage_percent"]) == "45.00"
    assert (overview["regencies_reporting"], overview["regencies_total"]) == (2, 2)
    assert overview["latest_cut_off"] == APRIL


def test_regencies_assigned_through_province_or_directly(badung, bangli, lombok_barat, petugas):
    assert set(regencies_assigned_to(petugas).values_list("code", flat=True)) == {"51.03", "51.06"}
    only_lobar = field_staff(places=[lombok_barat])
    assert list(regencies_assigned_to(only_lobar).values_list("code", flat=True)) == ["52.01"]


def test_latest_month_end_is_the_day_itself_on_a_month_end_else_the_end_of_the_month_before():
    assert latest_month_end(datetime.date(2025, 3, 31)) == datetime.date(2025, 3, 31)
    assert latest_month_end(datetime.date(2025, 3, 30)) == datetime.date(2025, 2, 28)
    assert latest_month_end(datetime.date(2024, 3, 1)) == datetime.date(2024, 2, 29)
