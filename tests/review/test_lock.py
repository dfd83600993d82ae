"""An approved figure is locked on every write path (form, grid, upload, admin, command): refused, nothing stored."""
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from coverage import reasons
from coverage.entry import services as grid
from coverage.models import CoverageSnapshot
from coverage.snapshots import services
from tests.entry.conftest import client_for, shown
from tests.factories import SnapshotFactory
from tests.imports.files import HEADER, csv_file

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2025, 3, 31)
LOCKED = ("Kabupaten Badung as of 31 March 2025 is approved, and approved figures are locked: a supervisor can "
          "reopen it.")


@pytest.fixture
def approved(badung):
    return SnapshotFactory(regency=badung, as_of=MARCH, participants=500, working_population=1000,
                           status=CoverageSnapshot.Status.APPROVED)


def unchanged(snapshot):
    stored = CoverageSnapshot.objects.get(pk=snapshot.pk)
    return (stored.participants, stored.version, stored.status) == (500, 1, CoverageSnapshot.Status.APPROVED)


def test_the_correction_service_refuses(approved, petugas):
    with pytest.raises(Exception) as refused:
        services.snapshot_correct(snapshot=approved, changes={"participants": 510}, by=petugas, reason="typo",
                                  expected_version=1)
    assert refused.value.code == "approved_locked"
    assert unchanged(approved)


def test_the_correction_page_shows_it_read_only_and_who_can_reopen_it(approved, petugas, bali):
    from tests.factories import supervisor

    supervisor(places=[bali], username="penyetuju_bali")
    client = client_for(petugas)
    page = client.get(reverse("entry_edit", args=[approved.pk]))
    body = page.content.decode()
    assert "This figure is approved" in body and "penyetuju_bali" in body
    assert 'name="change_reason"' not in body
    response = client.post(reverse("entry_edit", args=[approved.pk]), {
        "as_of": "2025-03-31", "participants": "510", "working_population": "1000", "version": "1",
        "change_reason": "typo"})
    assert response.status_code == 200 and shown(response, LOCKED)
    assert unchanged(approved)


def test_the_grid_refuses(approved, petugas):
    with pytest.raises(grid.GridRowErrors) as refused:
        grid.grid_save(as_of=MARCH, by=petugas, reason="grid", rows=[grid.GridRow(
            regency=approved.regency, participants=510, working_population=1000, expected_version=1,
            change_reason="typo")])
    assert refused.value.rows[0].code == "approved_locked"
    assert unchanged(approved)


def test_the_upload_refuses_the_row(approved, petugas):
    client = client_for(petugas)
    file = csv_file([["51.03", "2025-03-31", "510", "1000"]], header=HEADER[:4])
    preview = client.post(reverse("entry_upload"), {"file": SimpleUploadedFile("f.csv", file.getvalue())})
    [line] = preview.context["plan"].refused
    assert line.refusal.code == "approved_locked"
    client.post(reverse("entry_upload"), {"confirm": "1"})
    assert unchanged(approved)


def test_the_admin_refuses(approved, admin_client):
    response = admin_client.post(reverse("admin:coverage_coveragesnapshot_change", args=[approved.pk]), {
        "as_of": "2025-03-31", "participants": "510", "working_population": "1000", "pu": "", "bpu": "",
        "jakon": "", "pmi": "", "source": "", "note": "", "change_reason": "typo", "expected_version": "1"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert "approved_locked" in [error.code for field in errors.values() for error in field]
    assert unchanged(approved)


def test_the_command_refuses(approved, petugas, tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(csv_file([["51.03", "2025-03-31", "510", "1000"]], header=HEADER[:4]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_snapshots", str(path), "--user", petugas.username, stderr=err)
    assert "sudah disetujui" in err.getvalue()  # the command speaks the default language, Indonesian
    assert unchanged(approved)


def test_a_correction_of_a_returned_figure_awaits_review_again(badung, petugas):
    returned = SnapshotFactory(regency=badung, as_of=MARCH, status=CoverageSnapshot.Status.RETURNED)
    corrected = services.snapshot_correct(snapshot=returned, changes={"participants": 510}, by=petugas,
                                          reason="as asked", expected_version=1)
    stored = CoverageSnapshot.objects.get(pk=returned.pk)
    assert (corrected.status, stored.status, stored.participants) == ("submitted", "submitted", 510)
    assert stored.history.first().status == "submitted"


def test_only_a_supervisor_stores_figures_approved_on_import(petugas, badung, tmp_path, bali):
    from tests.factories import supervisor

    path = tmp_path / "f.csv"
    path.write_bytes(csv_file([["51.03", "2025-03-31", "510", "1000"]], header=HEADER[:4]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_snapshots", str(path), "--user", petugas.username, "--approved")
    assert not CoverageSnapshot.objects.exists()
    both = supervisor(places=[bali])
    both.groups.add(*petugas.groups.all())
    call_command("import_snapshots", str(path), "--user", both.username, "--approved", stdout=io.StringIO())
    stored = CoverageSnapshot.objects.get()
    assert (stored.status, stored.reviewed_by) == ("approved", both)
    assert stored.history.get().history_change_reason == reasons.imported("f.csv", approved=True)
