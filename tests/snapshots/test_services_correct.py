"""snapshot_correct: optimistic locking, the reason, and the old values kept in history."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from coverage.models import CoverageSnapshot
from coverage.snapshots import services
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(badung):
    return SnapshotFactory(regency=badung, as_of=datetime.date(2025, 3, 31), participants=160_000,
                           working_population=285_846)


def correct(snapshot, by, expected_version=1, reason="typo in the report", **changes):
    return services.snapshot_correct(snapshot=snapshot, changes=changes or {"participants": 167_734}, by=by,
                                     reason=reason, expected_version=expected_version)


def refusal(*args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        correct(*args, **kwargs)
    return caught.value


def test_correction_bumps_the_version_and_keeps_the_old_values(snapshot, petugas):
    correct(snapshot, petugas)
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.version, stored.updated_by) == (167_734, 2, petugas)
    new, old = stored.history.all()[:2]
    assert (new.participants, new.history_user, new.history_change_reason, new.history_type) == (
        167_734, petugas, "typo in the report", "~")
    assert old.participants == 160_000


def test_stale_version_is_refused_with_the_current_values(snapshot, petugas, administrator):
    correct(snapshot, administrator, participants=170_000)
    error = refusal(snapshot, petugas, expected_version=1, participants=167_734)
    assert error.code == "stale"
    assert "170,000 participants of 285,846" in error.messages[0]
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.version) == (170_000, 2)


def test_reason_is_required(snapshot, petugas):
    assert refusal(snapshot, petugas, reason="  ").error_dict["change_reason"][0].code == "reason_required"
    assert CoverageSnapshot.objects.get().participants == 160_000


def test_nothing_changed_is_refused(snapshot, petugas):
    assert refusal(snapshot, petugas, participants=160_000).code == "unchanged"
    assert snapshot.history.count() == 1


def test_other_regency_is_refused(lombok_barat, petugas):
    other = SnapshotFactory(regency=lombok_barat)
    assert refusal(other, petugas).error_dict["regency"][0].code == "not_assigned"
    assert CoverageSnapshot.objects.get().participants == 500


def test_moving_onto_an_existing_date_is_a_duplicate(snapshot, badung, petugas):
    february = SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=160_000,
                               working_population=285_846)
    error = refusal(february, petugas, as_of=datetime.date(2025, 3, 31))
    assert (error.code, error.params["pk"]) == ("duplicate", snapshot.pk)
    assert CoverageSnapshot.objects.get(pk=february.pk).as_of == datetime.date(2025, 2, 28)


def test_rule_broken_by_a_correction_is_refused(snapshot, petugas):
    error = refusal(snapshot, petugas, participants=300_000)
    assert "Participants cannot exceed the working population." in error.messages
    assert CoverageSnapshot.objects.get().version == 1
