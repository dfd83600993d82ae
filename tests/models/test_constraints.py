"""Each database constraint refuses a violating row, whatever the forms let through."""
import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from coverage.models import Assignment, CoverageSnapshot, Target
from tests.factories import SnapshotFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_refused(create, model):
    before = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
    assert model.objects.count() == before


def test_second_snapshot_for_same_regency_and_date_is_refused(badung):
    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 3, 31))
    assert_refused(lambda: SnapshotFactory(regency=badung, as_of=datetime.date(2025, 3, 31)), CoverageSnapshot)


def test_same_date_in_another_regency_is_accepted(badung, bangli):
    SnapshotFactory(regency=badung)
    SnapshotFactory(regency=bangli)
    assert CoverageSnapshot.objects.count() == 2


def test_participants_above_working_population_is_refused(badung):
    assert_refused(lambda: SnapshotFactory(regency=badung, participants=1001, working_population=1000),
                   CoverageSnapshot)


def test_participants_equal_to_working_population_is_accepted(badung):
    assert SnapshotFactory(regency=badung, participants=1000, working_population=1000).coverage_percent == 100


def test_zero_working_population_is_refused(badung):
    assert_refused(lambda: SnapshotFactory(regency=badung, participants=0, working_population=0), CoverageSnapshot)


@pytest.mark.parametrize("field", ["participants", "pu", "bpu", "jakon", "pmi"])
def test_negative_count_is_refused_by_its_columns_check(badung, field):
    # PositiveIntegerField puts a CHECK (>= 0) on its column; no constraint of the model repeats it.
    assert_refused(lambda: SnapshotFactory(regency=badung, **{field: -1}), CoverageSnapshot)


def test_segments_that_do_not_add_up_are_refused(badung):
    assert_refused(
        lambda: SnapshotFactory(regency=badung, participants=500, pu=300, bpu=100, jakon=50, pmi=49),
        CoverageSnapshot,
    )


def test_segments_that_add_up_are_accepted(badung):
    snapshot = SnapshotFactory(regency=badung, participants=500, pu=300, bpu=100, jakon=50, pmi=50)
    assert snapshot.pk is not None


def test_partial_breakdown_is_accepted(badung):
    assert SnapshotFactory(regency=badung, participants=500, pu=300).pk is not None


def test_snapshot_before_2014_is_refused(badung):
    assert_refused(lambda: SnapshotFactory(regency=badung, as_of=datetime.date(2013, 12, 31)), CoverageSnapshot)


@pytest.mark.parametrize("percent", [Decimal("0"), Decimal("-1"), Decimal("100.01")])
def test_target_percent_outside_0_to_100_is_refused(bali, percent):
    assert_refused(lambda: TargetFactory(province=bali, percent=percent), Target)


def test_target_of_100_percent_is_accepted(bali):
    assert TargetFactory(province=bali, percent=Decimal("100")).pk is not None


def test_target_for_both_province_and_regency_is_refused(bali, badung):
    assert_refused(lambda: TargetFactory(province=bali, regency=badung), Target)


def test_target_for_no_place_is_refused(db):
    assert_refused(lambda: TargetFactory(province=None, regency=None), Target)


def test_second_target_for_same_province_year_and_source_is_refused(bali):
    TargetFactory(province=bali, year=2025, source="kemendagri")
    assert_refused(lambda: TargetFactory(province=bali, year=2025, source="kemendagri"), Target)


def test_second_target_for_same_regency_year_and_source_is_refused(badung):
    TargetFactory(province=None, regency=badung, year=2025, source="rpjmd")
    assert_refused(lambda: TargetFactory(province=None, regency=badung, year=2025, source="rpjmd"), Target)


def test_targets_from_two_sources_in_one_year_are_accepted(bali):
    TargetFactory(province=bali, year=2025, source="kemendagri")
    TargetFactory(province=bali, year=2025, source="rpjmn")
    assert Target.objects.filter(province=bali, year=2025).count() == 2


def test_unknown_target_source_is_refused(bali):
    assert_refused(lambda: TargetFactory(province=bali, source="gossip"), Target)


def test_assignment_for_both_or_no_place_is_refused(bali, badung):
    user = UserFactory()
    assert_refused(lambda: Assignment.objects.create(user=user, province=bali, regency=badung), Assignment)
    assert_refused(lambda: Assignment.objects.create(user=user), Assignment)


def test_duplicate_assignment_is_refused(bali):
    user = UserFactory()
    Assignment.objects.create(user=user, province=bali)
    assert_refused(lambda: Assignment.objects.create(user=user, province=bali), Assignment)
