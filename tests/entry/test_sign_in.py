"""Where signing in leads: field staff to their entry page, everybody else to the overview, `next` first."""
import pytest

from tests.browser import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, user, **extra):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD, **extra})


def test_field_staff_land_on_their_entry_page(client, petugas):
    assert _sign_in(client, petugas)["Location"] == "/entry/"


def test_officials_land_on_the_overview(client, pejabat):
    assert _sign_in(client, pejabat)["Location"] == "/"


def test_a_next_page_wins(client, petugas):
    assert _sign_in(client, petugas, next="/rankings/")["Location"] == "/rankings/"
