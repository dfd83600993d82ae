"""/entry/grid/: one form for a province, stored all or nothing, typed values kept on refusal."""
import datetime

import pytest

from coverage.models import CoverageSnapshot
from tests.entry.conftest import MARCH, client_for, grid_data, shown
from tests.factories import SnapshotFactory, field_staff

pytestmark = pytest.mark.django_db

URL = "/entry/grid/?province=51&as_of=2025-03-31"


def test_working_population_is_prefilled_from_the_previous_snapshot(petugas, february_badung, bangli):
    page = client_for(petugas).get(URL)
    rows = {form.initial["regency"]: form.initial for form in page.context["formset"].forms}
    assert rows["51.03"]["working_population"] == 285_846
    assert rows["51.06"]["working_population"] is None
    assert 'value="285,846"' in page.content.decode()


def test_mixed_valid_and_invalid_rows_store_nothing_and_keep_what_was_typed(petugas, badung, bangli):
    client = client_for(petugas)
    data = grid_data(client.get(URL), {
        "51.03": {"participants": "167,734", "working_population": "285,846"},
        "51.06": {"participants": "41987x", "working_population": "118,208", "note": "from the weekly report"},
    })
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not CoverageSnapshot.objects.exists()
    page = response.content.decode()
    assert 'value="167,734"' in page and 'value="41987x"' in page and 'value="from the weekly report"' in page
    assert shown(response, "Enter a whole number without decimals, e.g. 935,079.")


def test_each_bad_row_shows_its_own_rule(petugas, badung, bangli):
    client = client_for(petugas)
    data = grid_data(client.get(URL), {
        "51.03": {"participants": "300000", "working_population": "285846"},
        "51.06": {"participants": "100", "working_population": "0"},
    })
    response = client.post(URL, data)
    forms = {form.initial["regency"]: form for form in response.context["formset"].forms}
    assert forms["51.03"].non_field_errors() == ["Participants cannot exceed the working population."]
    assert "The working population must be greater than zero." in forms["51.06"].non_field_errors()
    assert shown(response, "2 rows were refused; nothing was stored.")
    assert not CoverageSnapshot.objects.exists()


def test_empty_rows_are_skipped(petugas, february_badung, bangli):
    client = client_for(petugas)
    data = grid_data(client.get(URL), {"51.06": {"participants": "41987", "working_population": "118208"}})
    assert client.post(URL, data).status_code == 302
    assert list(CoverageSnapshot.objects.filter(as_of=MARCH).values_list("regency__code", flat=True)) == ["51.06"]


def test_stored_rows_are_corrected_with_a_reason(petugas, badung, bangli):
    stored = SnapshotFactory(regency=badung, as_of=MARCH, participants=176_734, working_population=285_846)
    client = client_for(petugas)
    page = client.get(URL)
    without_reason = client.post(URL, grid_data(page, {"51.03": {"participants": "167734"}}))
    assert shown(without_reason, "Say why the figures are corrected.")
    assert CoverageSnapshot.objects.get().participants == 176_734
    saved = client.post(URL, grid_data(page, {"51.03": {"participants": "167734", "change_reason": "typo"}}))
    assert saved.status_code == 302
    stored.refresh_from_db()
    assert (stored.participants, stored.version, stored.history.first().history_change_reason) == (167_734, 2, "typo")


def test_source_applies_to_the_new_rows(petugas, badung):
    client = client_for(petugas)
    data = grid_data(client.get(URL), {"51.03": {"participants": "1", "working_population": "2"}},
                     source="Kanwil Banuspa, March report")
    client.post(URL, data)
    assert CoverageSnapshot.objects.get().source == "Kanwil Banuspa, March report"


def test_bad_parameters_show_the_page_with_a_message(petugas, badung):
    response = client_for(petugas).get("/entry/grid/?province=zz&as_of=2025-02-30")
    assert response.status_code == 200
    assert shown(response, "Enter a date as YYYY-MM-DD, e.g. 2025-03-31.")
    assert response.context["province"].code == "51"


def test_a_province_of_38_regencies_in_a_bounded_number_of_queries(regions, django_assert_max_num_queries):
    staff = field_staff(places=[regions[0].get(code="35")])
    client = client_for(staff)
    url = "/entry/grid/?province=35&as_of=2025-03-31"
    page = client.get(url)
    typed = {form.initial["regency"]: {"participants": str(1000 + i), "working_population": "5000"}
             for i, form in enumerate(page.context["formset"].forms)}
    assert len(typed) == 38
    data = grid_data(page, typed)
    # Fixed, whatever the number of rows: session, user, access, the page's reads, one bulk insert of each kind.
    with django_assert_max_num_queries(24):  # 22 measured, for 9 rows as for 38
        response = client.post(url, data)
    assert response.status_code == 302
    assert CoverageSnapshot.objects.filter(as_of=datetime.date(2025, 3, 31), regency__province__code="35").count() == 38


@pytest.mark.parametrize("management", [
    {},
    {"form-TOTAL_FORMS": "abc", "form-INITIAL_FORMS": "0"},
    {"form-TOTAL_FORMS": "5000", "form-INITIAL_FORMS": "0"},
    {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1"},
])
def test_a_tampered_management_form_stores_nothing_and_is_no_server_error(petugas, badung, bangli, management):
    data = {"form-0-regency": "51.03", "form-0-participants": "1", "form-0-working_population": "2"} | management
    response = client_for(petugas).post(URL, data)
    assert response.status_code == 200
    assert not CoverageSnapshot.objects.exists()


def test_a_regency_assignment_shows_only_that_regency(badung, bangli):
    staff = field_staff(places=[badung])
    page = client_for(staff).get(URL)
    assert [form.initial["regency"] for form in page.context["formset"].forms] == ["51.03"]


def test_a_row_entered_by_someone_else_meanwhile_links_to_it(petugas, badung):
    client = client_for(petugas)
    page = client.get(URL)
    theirs = SnapshotFactory(regency=badung, as_of=MARCH, participants=170_000, working_population=285_846)
    response = client.post(URL, grid_data(page, {"51.03": {"participants": "167734", "working_population": "285846"}}))
    assert shown(response, "Kabupaten Badung already has a snapshot as of 31 March 2025")
    assert f'href="/entry/{theirs.pk}/edit/"' in response.content.decode()
    assert CoverageSnapshot.objects.get().participants == 170_000
