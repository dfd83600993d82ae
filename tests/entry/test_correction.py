"""/entry/<pk>/edit/: a correction needs a reason, keeps the old values, and refuses a stale version."""
import pytest

from coverage.models import CoverageSnapshot
from coverage.snapshots import services
from tests.entry.conftest import MARCH, client_for, shown
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(badung):
    return SnapshotFactory(regency=badung, as_of=MARCH, participants=176_734, working_population=285_846)


def edit_data(snapshot, **overrides) -> dict:
    return {"as_of": snapshot.as_of.isoformat(), "participants": str(snapshot.participants),
            "working_population": str(snapshot.working_population), "source": snapshot.source, "note": "",
            "version": str(snapshot.version), "change_reason": ""} | overrides


def test_correction_keeps_the_old_values_with_who_and_why(petugas, snapshot):
    client = client_for(petugas)
    response = client.post(f"/entry/{snapshot.pk}/edit/",
                           edit_data(snapshot, participants="167734", change_reason="typo: digits swapped"))
    assert response.status_code == 302
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.version) == (167_734, 2)
    latest, original = stored.history.all()[:2]
    assert (latest.history_user, latest.history_change_reason, original.participants) == (
        petugas, "typo: digits swapped", 176_734)
    page = client.get(f"/entry/{snapshot.pk}/edit/").content.decode()
    assert "typo: digits swapped" in page
    assert "<del>176,734</del> → <ins>167,734</ins>" in page
    assert "petugas_bali" in page


def test_reason_is_required(petugas, snapshot):
    response = client_for(petugas).post(f"/entry/{snapshot.pk}/edit/", edit_data(snapshot, participants="167734"))
    assert response.status_code == 200
    assert shown(response, "This field is required.")
    assert CoverageSnapshot.objects.get().participants == 176_734


def test_stale_version_is_refused_showing_the_current_values(petugas, administrator, snapshot):
    client = client_for(petugas)
    opened = client.get(f"/entry/{snapshot.pk}/edit/")
    assert 'name="version" value="1"' in opened.content.decode()
    services.snapshot_correct(snapshot=snapshot, changes={"participants": 170_000}, by=administrator,
                              reason="from the regional office", expected_version=1)
    response = client.post(f"/entry/{snapshot.pk}/edit/",
                           edit_data(snapshot, participants="167734", version="1", change_reason="typo"))
    assert response.status_code == 200
    assert shown(response, "It now reads 170,000 participants of 285,846 working population, as changed by admin_test")
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.version, stored.history.count()) == (170_000, 2, 2)


def test_a_tampered_version_is_refused(petugas, snapshot):
    response = client_for(petugas).post(f"/entry/{snapshot.pk}/edit/",
                                        edit_data(snapshot, participants="1", version="7", change_reason="x"))
    assert response.status_code == 200
    assert CoverageSnapshot.objects.get().participants == 176_734


def test_field_staff_has_no_way_to_delete(petugas, snapshot):
    page = client_for(petugas).get(f"/entry/{snapshot.pk}/edit/").content.decode()
    assert "delete" not in page.lower()
    assert client_for(petugas).post(f"/admin/coverage/coveragesnapshot/{snapshot.pk}/delete/",
                                    {"post": "yes"}).status_code == 302  # to the admin's sign-in: not staff
    assert CoverageSnapshot.objects.filter(pk=snapshot.pk).exists()
