"""/entry/new/: each refusal shows its message and leaves the stored data as it was."""
import re

import pytest

from coverage.models import CoverageSnapshot
from tests.entry.conftest import MARCH, client_for, new_data, shown
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


def stored():
    return sorted(CoverageSnapshot.objects.values_list("regency__code", "as_of", "participants", "working_population"))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"participants": "banyak"}, "Enter a whole number without decimals, e.g. 935,079."),
    ({"participants": "-5"}, "Counts cannot be negative."),
    ({"participants": "12.5"}, "Enter a whole number without decimals, e.g. 935,079."),
    ({"participants": "2147483648"}, "Enter a number no larger than 2,147,483,647."),
    ({"working_population": "99999999999999999999999"}, "Enter a number no larger than 2,147,483,647."),
    ({"participants": "285847"}, "Participants cannot exceed the working population."),
    ({"participants": "0", "working_population": "0"}, "The working population must be greater than zero."),
    ({"pu": "100000", "bpu": "60000", "jakon": "7000", "pmi": "1"},
     "PU, BPU, Jakon and PMI must add up to the participants."),
    ({"pu": "200000"}, "PU, BPU, Jakon and PMI together cannot exceed the participants."),
    ({"as_of": "2999-01-31"}, "The date cannot be in the future."),
    ({"as_of": "2013-12-31"}, "Snapshots cannot be dated before 1 January 2014."),
    ({"as_of": "31/03/2025"}, "Enter a date as YYYY-MM-DD, e.g. 2025-03-31."),
    ({"regency": "52.01"}, "Choose one of the regencies you are assigned to."),
    ({"regency": "99.99"}, "Choose one of the regencies you are assigned to."),
])
def test_refusal_shows_its_message_and_stores_nothing(petugas, february_badung, lombok_barat, overrides, message):
    before = stored()
    response = client_for(petugas).post("/entry/new/", new_data(**overrides))
    assert response.status_code == 200
    assert shown(response, message)
    assert stored() == before


def test_indonesian_page_reads_indonesian_grouping_and_refuses_a_decimal_comma(petugas, february_badung):
    client = client_for(petugas, language="id")
    refused = client.post("/entry/new/", new_data(participants="167,5"))
    assert refused.status_code == 200
    assert CoverageSnapshot.objects.count() == 1
    saved = client.post("/entry/new/", new_data(participants="167.734", working_population="285.846"))
    assert saved.status_code == 302
    assert CoverageSnapshot.objects.get(as_of=MARCH).participants == 167_734


def test_english_page_does_not_read_a_dot_as_grouping(petugas, february_badung):
    response = client_for(petugas).post("/entry/new/", new_data(participants="167.734"))
    assert response.status_code == 200
    assert not CoverageSnapshot.objects.filter(as_of=MARCH).exists()


def test_duplicate_links_to_the_existing_snapshot(petugas, badung):
    existing = SnapshotFactory(regency=badung, as_of=MARCH, participants=160_000, working_population=285_846)
    response = client_for(petugas).post("/entry/new/", new_data())
    assert response.status_code == 200
    assert shown(response, "Kabupaten Badung already has a snapshot as of 31 March 2025")
    assert f'href="/entry/{existing.pk}/edit/"' in response.content.decode()
    assert stored() == [("51.03", MARCH, 160_000, 285_846)]


def test_implausible_figures_need_the_box_and_a_note(petugas, badung):
    SnapshotFactory(regency=badung, as_of=MARCH.replace(day=28, month=2), participants=100_000,
                    working_population=285_846)
    client = client_for(petugas)
    warned = client.post("/entry/new/", new_data())
    assert shown(warned, "Coverage moves from 34.98% to 58.68% since 28 February 2025, more than 10 points.")
    assert 'name="confirm_implausible"' in warned.content.decode()
    no_note = client.post("/entry/new/", new_data(confirm_implausible="on"))
    assert shown(no_note, "Explain in the note why the figures moved so far.")
    assert shown(no_note, "Coverage moves from 34.98% to 58.68% since 28 February 2025"), "the jump stays explained"
    assert re.search(r'name="confirm_implausible"[^>]*checked', no_note.content.decode())
    assert CoverageSnapshot.objects.count() == 1
    saved = client.post("/entry/new/", new_data(confirm_implausible="on", note="Big employers joined."))
    assert saved.status_code == 302
    assert CoverageSnapshot.objects.get(as_of=MARCH).note == "Big employers joined."


def test_success_redirects_to_entry_with_a_message(petugas, february_badung):
    response = client_for(petugas).post("/entry/new/", new_data(), follow=True)
    assert response.redirect_chain == [("/entry/?as_of=2025-03-31", 302)]
    assert shown(response, "Saved Kabupaten Badung as of 31 March 2025: 167,734 of 285,846 (58.68%).")
    snapshot = CoverageSnapshot.objects.get(as_of=MARCH)
    assert (snapshot.participants, snapshot.working_population, snapshot.source) == (167_734, 285_846, "report")
    assert snapshot.history.get().history_user == petugas
