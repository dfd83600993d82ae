"""The snapshot admin saves through the entry services: corrections need a reason and keep history."""
import datetime

import pytest
from django.urls import reverse

from coverage import reasons
from coverage.models import Assignment, CoverageSnapshot
from coverage.snapshots import services
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:coverage_coveragesnapshot_add")
MARCH = datetime.date(2025, 3, 31)


@pytest.fixture
def snapshot(badung):
    return SnapshotFactory(regency=badung, as_of=MARCH, participants=160_000, working_population=285_846)


def change_url(snapshot):
    return reverse("admin:coverage_coveragesnapshot_change", args=[snapshot.pk])


def correction(snapshot, **overrides):
    data = {
        "as_of": snapshot.as_of.isoformat(), "participants": "167.734", "working_population": "285.846",
        "pu": "", "bpu": "", "jakon": "", "pmi": "", "source": "", "note": "",
        "change_reason": "Salah ketik pada laporan", "expected_version": str(snapshot.version),
    }
    data.update(overrides)
    return data


def error_codes(response):
    assert response.status_code == 200, "a refused form is shown again, not a server error"
    return {error.code for errors in response.context["adminform"].form.errors.as_data().values()
            for error in errors}


def test_correction_without_a_reason_is_refused_and_nothing_changes(admin_client, snapshot):
    response = admin_client.post(change_url(snapshot), correction(snapshot, change_reason=""))
    assert error_codes(response) == {"reason_required"}
    assert "167.734" in response.content.decode(), "what the user typed is shown again"
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.version, stored.history.count()) == (160_000, 1, 1)


def test_correction_with_a_reason_is_stored_with_history(admin_client, administrator, snapshot):
    response = admin_client.post(change_url(snapshot), correction(snapshot))
    assert response.status_code == 302
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.version, stored.updated_by) == (167_734, 2, administrator)
    new, old = stored.history.all()[:2]
    assert (new.history_user, new.history_change_reason) == (administrator, "Salah ketik pada laporan")
    assert (old.participants, new.participants) == (160_000, 167_734)

    page = admin_client.get(reverse("admin:coverage_coveragesnapshot_history", args=[stored.pk])).content.decode()
    assert "Salah ketik pada laporan" in page and "160.000" in page and "167.734" in page


def test_history_shows_the_apps_reasons_in_the_readers_language(admin_client, snapshot):
    snapshot.history.update(history_change_reason=reasons.coded(reasons.ENTERED_IN_FORM))
    url = reverse("admin:coverage_coveragesnapshot_history", args=[snapshot.pk])
    assert "Diisi melalui formulir" in admin_client.get(url).content.decode()
    admin_client.cookies["django_language"] = "en"
    assert "Entered in the form" in admin_client.get(url).content.decode()
    assert " WIB</td>" in admin_client.get(url).content.decode()  # the time, with its zone


def test_correction_over_a_newer_version_is_refused(admin_client, petugas, snapshot):
    services.snapshot_correct(snapshot=snapshot, changes={"participants": 150_000}, by=petugas,
                              reason="first", expected_version=1)
    response = admin_client.post(change_url(snapshot), correction(snapshot, expected_version="1"))
    assert error_codes(response) == {"stale"}
    assert CoverageSnapshot.objects.get().participants == 150_000


def test_implausible_correction_needs_confirmation_and_a_note(admin_client, badung, snapshot):
    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=160_000,
                    working_population=285_846)
    response = admin_client.post(change_url(snapshot), correction(snapshot, participants="260.000"))
    assert error_codes(response) == {"implausible"}
    confirmed = correction(snapshot, participants="260.000", confirm_implausible="on",
                           note="Pendataan ulang pekerja informal")
    assert admin_client.post(change_url(snapshot), confirmed).status_code == 302
    assert CoverageSnapshot.objects.get(as_of=MARCH).participants == 260_000


def test_group_administrator_corrects_only_where_assigned(group_admin_client, group_administrator, snapshot):
    response = group_admin_client.post(change_url(snapshot), correction(snapshot))
    assert error_codes(response) == {"not_assigned"}
    assert CoverageSnapshot.objects.get().participants == 160_000

    Assignment.objects.create(user=group_administrator, regency=snapshot.regency)
    assert group_admin_client.post(change_url(snapshot), correction(snapshot)).status_code == 302
    assert CoverageSnapshot.objects.get().participants == 167_734


def test_adding_goes_through_the_service_with_who(admin_client, administrator, badung):
    response = admin_client.post(ADD_URL, {
        "regency": badung.pk, "as_of": "2025-03-31", "participants": "167.734", "working_population": "285.846",
        "pu": "", "bpu": "", "jakon": "", "pmi": "", "source": "BPJS Kanwil Banuspa", "note": "",
    })
    assert response.status_code == 302
    stored = CoverageSnapshot.objects.get()
    assert (stored.participants, stored.created_by, stored.history.get().history_user) == (
        167_734, administrator, administrator)


@pytest.mark.parametrize(("participants", "working_population", "code"), [
    ("300.000", "285.846", "snapshot_participants_within_working_population"),
    ("0", "0", "snapshot_working_population_positive"),
])
def test_adding_impossible_counts_is_refused(admin_client, badung, participants, working_population, code):
    response = admin_client.post(ADD_URL, {
        "regency": badung.pk, "as_of": "2025-03-31", "participants": participants,
        "working_population": working_population, "pu": "", "bpu": "", "jakon": "", "pmi": "", "source": "",
        "note": "",
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert code in [error.code for field_errors in errors.values() for error in field_errors]
    assert not CoverageSnapshot.objects.exists()


def test_adding_a_second_snapshot_for_the_same_date_is_refused(admin_client, snapshot, badung):
    response = admin_client.post(ADD_URL, {
        "regency": badung.pk, "as_of": "2025-03-31", "participants": "1", "working_population": "2",
        "pu": "", "bpu": "", "jakon": "", "pmi": "", "source": "", "note": "",
    })
    assert response.status_code == 200
    assert "Kabupaten/kota ini sudah memiliki data untuk tanggal ini." in response.content.decode()
    assert CoverageSnapshot.objects.count() == 1


def test_history_page_never_saves_a_past_version(admin_client, snapshot):
    record = snapshot.history.get()
    url = reverse("admin:coverage_coveragesnapshot_simple_history", args=[snapshot.pk, record.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, correction(snapshot)).status_code == 403
    assert CoverageSnapshot.objects.get().participants == 160_000


def test_change_form_shows_counts_and_coverage_in_the_active_language(admin_client, badung):
    snapshot = SnapshotFactory(regency=badung, as_of=MARCH, participants=167_734, working_population=285_846)
    page = admin_client.get(change_url(snapshot)).content.decode()
    assert 'type="text" name="participants" value="167.734"' in page  # not a number input, which cannot show it
    assert "58,68" in page

    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(change_url(snapshot)).content.decode()
    assert 'value="167,734"' in page and "58.68" in page


def test_counts_are_read_as_on_the_entry_pages(admin_client, snapshot):
    """The admin uses the entry pages' count field: a decimal comma in Indonesian is refused, not guessed."""
    response = admin_client.post(change_url(snapshot), correction(snapshot, participants="167,734"))
    assert error_codes(response) == {"invalid"}
    assert CoverageSnapshot.objects.get().participants == 160_000


def test_refused_correction_shows_the_stored_coverage_not_the_typed_one(admin_client, snapshot):
    response = admin_client.post(change_url(snapshot), correction(snapshot, working_population="0"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "55,97" in page  # 160.000 of 285.846, as stored
    assert CoverageSnapshot.objects.get().working_population == 285_846


@pytest.mark.parametrize("path", ["abc/history/", "{pk}/history/abc/", "abc/history/1/"])
def test_malformed_ids_in_history_urls_are_not_found(admin_client, snapshot, path):
    url = reverse("admin:coverage_coveragesnapshot_changelist") + path.format(pk=snapshot.pk)
    assert admin_client.get(url).status_code == 404
