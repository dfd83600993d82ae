"""snapshot_record: who may record, what is refused, and the history row it leaves."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from coverage.models import CoverageSnapshot
from coverage.snapshots import services
from tests.factories import SnapshotFactory, field_staff

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 31)


def record(regency, by, **figures):
    values = {"as_of": MARCH, "participants": 167_734, "working_population": 285_846} | figures
    return services.snapshot_record(regency=regency, by=by, change_reason="typed in", **values)


def refusal(regency, by, **figures) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        record(regency, by, **figures)
    return caught.value


def test_records_the_snapshot_with_who_and_why(badung, petugas):
    snapshot = record(badung, petugas, pu=100_000, bpu=60_000, jakon=7_000, pmi=734)
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.working_population, stored.pu, stored.created_by) == (
        167_734, 285_846, 100_000, petugas)
    [revision] = snapshot.history.all()
    assert (revision.history_type, revision.history_user, revision.history_change_reason) == ("+", petugas, "typed in")


def test_regency_outside_assignment_is_refused(lombok_barat, petugas):
    error = refusal(lombok_barat, petugas)
    assert error.error_dict["regency"][0].code == "not_assigned"
    assert not CoverageSnapshot.objects.exists()


def test_official_is_refused_even_with_an_assignment(badung, pejabat):
    pejabat.assignments.create(regency=badung)
    assert refusal(badung, pejabat).error_dict["regency"][0].code == "not_assigned"
    assert not CoverageSnapshot.objects.exists()


def test_superuser_may_record_anywhere(lombok_barat, administrator):
    record(lombok_barat, administrator)
    assert CoverageSnapshot.objects.filter(regency=lombok_barat).count() == 1


def test_regency_assignment_covers_only_that_regency(badung, bangli):
    staff = field_staff(places=[badung])
    record(badung, staff)
    assert refusal(bangli, staff).error_dict["regency"][0].code == "not_assigned"


def test_duplicate_names_the_existing_snapshot(badung, petugas):
    existing = SnapshotFactory(regency=badung, as_of=MARCH, participants=1, working_population=2)
    error = refusal(badung, petugas)
    assert error.code == "duplicate"
    assert error.params["pk"] == existing.pk
    assert CoverageSnapshot.objects.get().participants == 1


def test_concurrent_duplicate_becomes_the_same_refusal(badung, petugas, monkeypatch):
    """The explicit lookup misses a row saved meanwhile: the database's refusal is turned into the same error."""
    existing = SnapshotFactory(regency=badung, as_of=MARCH, participants=1, working_population=2)
    real_existing = services.existing_snapshot
    calls = []

    def miss_once(candidate):
        calls.append(candidate)
        return None if len(calls) == 1 else real_existing(candidate)

    monkeypatch.setattr(services, "existing_snapshot", miss_once)
    error = refusal(badung, petugas)
    assert (error.code, error.params["pk"]) == ("duplicate", existing.pk)
    assert CoverageSnapshot.objects.count() == 1


@pytest.mark.parametrize(("figures", "message"), [
    ({"participants": 3, "working_population": 2}, "Participants cannot exceed the working population."),
    ({"participants": 0, "working_population": 0}, "The working population must be greater than zero."),
    ({"as_of": datetime.date(2013, 12, 31)}, "Snapshots cannot be dated before 1 January 2014."),
    ({"participants": 10, "pu": 1, "bpu": 1, "jakon": 1, "pmi": 1},
     "PU, BPU, Jakon and PMI must add up to the participants."),
    ({"participants": 10, "pu": 11}, "PU, BPU, Jakon and PMI together cannot exceed the participants."),
    ({"as_of": datetime.date(2999, 1, 31)}, "The date cannot be in the future."),
])
def test_model_rules_refuse_and_store_nothing(badung, petugas, figures, message):
    assert message in refusal(badung, petugas, **figures).messages
    assert not CoverageSnapshot.objects.exists()


def test_a_large_move_needs_confirmation_and_a_note(badung, petugas):
    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=100_000,
                    working_population=285_846)
    assert refusal(badung, petugas).error_list[0].code == "implausible"
    note_error = refusal(badung, petugas, confirm_implausible=True)
    assert note_error.error_dict["note"][0].code == "note_required"
    assert [error.code for error in note_error.error_dict["__all__"]] == ["implausible"]  # the move, still explained
    assert CoverageSnapshot.objects.count() == 1
    record(badung, petugas, confirm_implausible=True, note="New employers registered in March.")
    assert CoverageSnapshot.objects.count() == 2
