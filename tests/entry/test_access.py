"""Who may open and post the entry pages: refused users get a 403 or a form error, and nothing is stored."""
import pytest
from django.utils.formats import date_format

from coverage.models import CoverageSnapshot
from coverage.snapshots.selectors import latest_month_end
from tests.entry.conftest import MARCH, client_for, grid_data, new_data, shown
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(petugas, pejabat, administrator):
    return {"anonymous": None, "field staff": petugas, "official": pejabat, "administrator": administrator}


def snapshots():
    return sorted(CoverageSnapshot.objects.values_list("regency__code", "as_of", "participants", "version"))


# /entry/new/ -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "regency", "page", "status", "stored"), [
    ("anonymous", "51.03", 302, 302, False),
    ("field staff", "51.03", 200, 302, True),
    ("field staff", "52.01", 200, 200, False),  # another province: a form error
    ("official", "51.03", 403, 403, False),
    ("administrator", "52.01", 200, 302, True),
])
def test_new(users, badung, lombok_barat, who, regency, page, status, stored):
    client = client_for(users[who])
    assert client.get("/entry/new/").status_code == page
    response = client.post("/entry/new/", new_data(regency=regency))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if status == 403:
        assert shown(response, "Only field staff can enter figures, for the regencies they are assigned to.")
    assert CoverageSnapshot.objects.filter(regency__code=regency).exists() is stored


# /entry/grid/ ------------------------------------------------------------------------------------------------

def test_grid_anonymous_goes_to_sign_in(badung):
    response = client_for().post("/entry/grid/?province=51&as_of=2025-03-31", {})
    assert (response.status_code, response["Location"][:16]) == (302, "/accounts/login/")
    assert not CoverageSnapshot.objects.exists()


def test_grid_official_is_refused(pejabat, badung):
    client = client_for(pejabat)
    assert client.get("/entry/grid/?province=51").status_code == 403
    assert client.post("/entry/grid/?province=51&as_of=2025-03-31", {"form-TOTAL_FORMS": "1"}).status_code == 403
    assert not CoverageSnapshot.objects.exists()


def post_grid(user, province: str, rows: dict, shown_province: str | None = None):
    """Open the grid of `province` as `user`, type `rows` into the rows shown, and post them to `province`."""
    client = client_for(user)
    url = f"/entry/grid/?province={province}&as_of=2025-03-31"
    page = client.get(f"/entry/grid/?province={shown_province or province}&as_of=2025-03-31")
    return page, client.post(url, grid_data(page, rows))


def test_grid_field_staff_own_province(petugas, badung):
    _page, response = post_grid(petugas, "51", {"51.03": {"participants": "167734", "working_population": "285846"}})
    assert response.status_code == 302
    assert snapshots() == [("51.03", MARCH, 167_734, 1)]


def test_grid_field_staff_other_province_shows_their_own_with_a_message(petugas, badung, lombok_barat):
    page = client_for(petugas).get("/entry/grid/?province=52&as_of=2025-03-31")
    assert page.status_code == 200
    assert shown(page, "You are not assigned to any regency of this province.")
    assert page.context["province"].code == "51"
    _page, refused = post_grid(petugas, "52", {"51.03": {"participants": "1", "working_population": "2"}},
                               shown_province="51")
    assert refused.status_code == 200
    assert not CoverageSnapshot.objects.exists()


def test_grid_tampered_regency_code_is_refused(petugas, badung, lombok_barat):
    client = client_for(petugas)
    data = grid_data(client.get("/entry/grid/?province=51&as_of=2025-03-31"),
                     {"51.03": {"regency": "52.01", "participants": "1", "working_population": "2"}})
    response = client.post("/entry/grid/?province=51&as_of=2025-03-31", data)
    assert shown(response, "The list of regencies changed since the page was opened: reload it.")
    assert not CoverageSnapshot.objects.exists()


def test_grid_administrator_enters_any_province(administrator, lombok_barat):
    _page, response = post_grid(administrator, "52", {"52.01": {"participants": "10", "working_population": "20"}})
    assert response.status_code == 302
    assert snapshots() == [("52.01", MARCH, 10, 1)]


# /entry/<pk>/edit/ -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "regency", "page", "status"), [
    ("anonymous", "51.03", 302, 302),
    ("field staff", "51.03", 200, 302),
    ("field staff", "52.01", 403, 403),
    ("official", "51.03", 403, 403),
    ("administrator", "52.01", 200, 302),
])
def test_edit(users, badung, lombok_barat, who, regency, page, status):
    snapshot = SnapshotFactory(regency=badung if regency == "51.03" else lombok_barat, as_of=MARCH,
                               participants=500, working_population=1000)
    client = client_for(users[who])
    assert client.get(f"/entry/{snapshot.pk}/edit/").status_code == page
    response = client.post(f"/entry/{snapshot.pk}/edit/", {
        "as_of": "2025-03-31", "participants": "510", "working_population": "1000", "version": "1",
        "change_reason": "typo"})
    assert response.status_code == status
    corrected = who in ("administrator",) or (who == "field staff" and regency == "51.03")
    assert CoverageSnapshot.objects.get().participants == (510 if corrected else 500)


def test_entry_home_is_refused_to_officials_and_shows_the_nav_link_to_field_staff(petugas, pejabat, badung):
    assert client_for(pejabat).get("/entry/").status_code == 403
    assert 'href="/entry/"' not in client_for(pejabat).get("/").content.decode()
    assert 'href="/entry/"' in client_for(petugas).get("/").content.decode()


def test_bad_parameters_of_the_entry_pages_are_named_not_fatal(petugas, badung):
    client = client_for(petugas)
    home = client.get("/entry/?as_of=2013-01-31")
    assert home.status_code == 200
    assert shown(home, "Snapshots cannot be dated before 1 January 2014.")
    new = client.get("/entry/new/?regency=52.01&as_of=tomorrow")
    assert new.status_code == 200
    assert shown(new, "Choose one of the regencies you are assigned to.")
    assert shown(new, "Enter a date as YYYY-MM-DD, e.g. 2025-03-31.")


def test_a_bad_parameter_of_an_entry_page_names_the_value_shown_instead(petugas, badung):
    response = client_for(petugas).get("/entry/grid/?province=51&as_of=2999-01-31")
    shown_date = date_format(latest_month_end(), "j F Y")
    assert shown(response, f"As of: The date cannot be in the future. Shown instead: {shown_date}.")
    assert response.context["as_of"] == latest_month_end()
