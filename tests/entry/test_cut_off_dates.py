"""A date that is not a month's end is stored only once the user confirms it; an upload's preview warns of it."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coverage.models import CoverageSnapshot
from tests.entry.conftest import MARCH, client_for, grid_data, new_data, shown
from tests.factories import SnapshotFactory
from tests.imports.files import HEADER, csv_file

pytestmark = pytest.mark.django_db

MID_MARCH = datetime.date(2025, 3, 15)
NOT_A_MONTH_END = "15 March 2025 is not a month's end, the usual cut-off date."
CONFIRM = "This date is not a month&#x27;s end: store it anyway."


def test_the_form_refuses_a_mid_month_date_and_offers_to_confirm_it(petugas, february_badung):
    response = client_for(petugas).post("/entry/new/", new_data(as_of="2025-03-15"))
    assert response.status_code == 200
    assert shown(response, NOT_A_MONTH_END) and CONFIRM in response.content.decode()
    assert not CoverageSnapshot.objects.filter(as_of=MID_MARCH).exists()


def test_the_form_stores_a_mid_month_date_once_confirmed(petugas, february_badung):
    response = client_for(petugas).post("/entry/new/", new_data(as_of="2025-03-15", confirm_cut_off="on"))
    assert response.status_code == 302
    assert CoverageSnapshot.objects.get(as_of=MID_MARCH).participants == 167_734


def test_a_month_end_needs_no_confirmation_and_shows_no_box(petugas, february_badung):
    client = client_for(petugas)
    assert "confirm_cut_off" not in client.get("/entry/new/").content.decode()
    assert client.post("/entry/new/", new_data()).status_code == 302


def test_a_correction_to_a_mid_month_date_needs_the_confirmation(petugas, badung):
    snapshot = SnapshotFactory(regency=badung, as_of=MARCH, participants=167_734, working_population=285_846)
    data = {"as_of": "2025-03-15", "participants": "167734", "working_population": "285846", "source": "",
            "note": "", "version": "1", "change_reason": "the branch reported mid-month"}
    client = client_for(petugas)
    refused = client.post(f"/entry/{snapshot.pk}/edit/", data)
    assert shown(refused, NOT_A_MONTH_END)
    assert CoverageSnapshot.objects.get().as_of == MARCH
    assert client.post(f"/entry/{snapshot.pk}/edit/", data | {"confirm_cut_off": "on"}).status_code == 302
    assert CoverageSnapshot.objects.get().as_of == MID_MARCH


def test_the_grid_warns_of_its_date_and_stores_nothing_until_confirmed(petugas, badung):
    client = client_for(petugas)
    url = "/entry/grid/?province=51&as_of=2025-03-15"
    page = client.get(url)
    assert NOT_A_MONTH_END in page.content.decode()
    data = grid_data(page, {"51.03": {"participants": "167,734", "working_population": "285,846"}})
    refused = client.post(url, data)
    assert refused.status_code == 200 and shown(refused, "Check the date, or confirm it below.")
    assert 'value="167,734"' in refused.content.decode()  # what was typed stays
    assert not CoverageSnapshot.objects.exists()
    assert client.post(url, data | {"confirm_cut_off": "on"}).status_code == 302
    assert CoverageSnapshot.objects.get().as_of == MID_MARCH


def test_a_grid_of_a_month_end_shows_no_warning(petugas, badung):
    assert "is not a month" not in client_for(petugas).get("/entry/grid/?province=51&as_of=2025-03-31").content.decode()


def test_an_uploaded_mid_month_row_is_warned_of_in_the_preview(petugas, badung):
    client = client_for(petugas)
    file = csv_file([["51.03", "2025-03-15", "167734", "285846"]], header=HEADER[:4])
    response = client.post("/entry/upload/", {"preview": "1", "file": SimpleUploadedFile("maret.csv", file.getvalue())})
    assert shown(response, NOT_A_MONTH_END)
    assert not CoverageSnapshot.objects.exists()
