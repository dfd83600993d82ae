"""Brute force over many usernames: after AXES_ADDRESS_FAILURE_LIMIT failed sign-ins from one address, whatever the
usernames, that address is locked for every account (and says so), while other addresses sign in as usual."""
import pytest
from django.core.management import call_command

from tests.security.test_lockout import LOCKED_ID, sign_in

pytestmark = pytest.mark.django_db

ATTACKER, OFFICE = "10.0.0.66", "10.0.0.8"
ADDRESS_LOCKED_ID = "Terlalu banyak percobaan masuk yang gagal dari alamat Anda"
ADDRESS_LOCKED_EN = "Too many failed sign-in attempts from your address"


@pytest.fixture
def address_limit(axes_on):
    axes_on.AXES_ADDRESS_FAILURE_LIMIT = 20
    return axes_on


def guess_usernames(client, count, address=ATTACKER):
    """One wrong password for each of `count` usernames (never the same twice: the per-account limit stays far)."""
    return [sign_in(client, f"pegawai{index:02d}", "not-the-password", address) for index in range(count)]


def test_forty_usernames_from_one_address_lock_that_address_after_its_limit(client, address_limit, petugas):
    responses = guess_usernames(client, 40)
    assert [r.status_code for r in responses[:19]] == [200] * 19
    assert {r.status_code for r in responses[19:]} == {429}  # the 20th failure locks; the rest are refused
    assert ADDRESS_LOCKED_ID in responses[-1].content.decode() and "30 menit" in responses[-1].content.decode()


def test_a_locked_address_is_refused_even_the_right_password_of_another_account(client, address_limit, petugas):
    guess_usernames(client, 20)
    response = sign_in(client, petugas.username, "a-long-test-password", ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert ADDRESS_LOCKED_ID in page and LOCKED_ID not in page  # the address, not "this account"
    assert 'name="username"' in page  # the login page itself
    assert "_auth_user_id" not in client.session


def test_another_address_still_signs_in(client, address_limit, petugas):
    guess_usernames(client, 40)
    assert sign_in(client, petugas.username, "a-long-test-password", OFFICE).status_code == 302


def test_below_the_address_limit_a_colleague_signs_in_from_the_same_address(client, address_limit, petugas):
    guess_usernames(client, 19)
    assert sign_in(client, petugas.username, "a-long-test-password", ATTACKER).status_code == 302


def test_the_address_lockout_message_follows_the_language(client, address_limit):
    client.cookies["django_language"] = "en"
    *_, last = guess_usernames(client, 20)
    page = last.content.decode()
    assert ADDRESS_LOCKED_EN in page and "30 minutes" in page and "unlock your address" in page


def test_administrator_unlocks_an_address_with_axes_reset_ip(client, address_limit, petugas):
    guess_usernames(client, 20)
    call_command("axes_reset_ip", ATTACKER, verbosity=0)
    assert sign_in(client, petugas.username, "a-long-test-password", ATTACKER).status_code == 302
