"""Brute force: sign-in locks after AXES_FAILURE_LIMIT failures per username and address, says so, and can be undone."""
import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpRequest

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKED_ID = "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari alamat Anda"
LOCKED_EN = "Too many failed sign-in attempts for this account from your address"


def sign_in(client, username, password, address="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, user, times, address="10.0.0.7"):
    return [sign_in(client, user.username, "not-the-password", address) for _ in range(times)]


def test_failures_below_the_limit_show_the_usual_error(client, axes_on, petugas):
    responses = fail(client, petugas, 4)
    assert [r.status_code for r in responses] == [200] * 4
    assert LOCKED_ID not in responses[-1].content.decode()


def test_the_fifth_failure_locks_with_a_clear_message(client, axes_on, petugas):
    *_, fifth = fail(client, petugas, 5)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED_ID in page and "30 menit" in page
    assert 'name="username"' in page  # the login page itself, not a bare error


def test_locked_out_user_cannot_sign_in_even_with_the_right_password(client, axes_on, petugas):
    fail(client, petugas, 5)
    response = sign_in(client, petugas.username, "a-long-test-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_message_follows_the_language(client, axes_on, petugas):
    client.cookies["django_language"] = "en"
    *_, fifth = fail(client, petugas, 5)
    assert LOCKED_EN in fifth.content.decode() and "30 minutes" in fifth.content.decode()


def test_lockout_is_per_username_and_address(client, axes_on, petugas, pejabat):
    fail(client, petugas, 5, address="10.0.0.7")
    assert sign_in(client, petugas.username, "a-long-test-password", address="10.0.0.8").status_code == 302
    client.logout()
    assert sign_in(client, pejabat.username, "a-long-test-password", address="10.0.0.7").status_code == 302


def test_administrator_unlocks_with_axes_reset_username(client, axes_on, petugas):
    fail(client, petugas, 5)
    call_command("axes_reset_username", petugas.username, verbosity=0)
    assert AccessAttempt.objects.filter(username=petugas.username).count() == 0
    assert sign_in(client, petugas.username, "a-long-test-password").status_code == 302


def test_administrator_unlocks_in_the_admin(client, axes_on, petugas, administrator):
    fail(client, petugas, 5)
    attempt = AccessAttempt.objects.get(username=petugas.username)
    client.force_login(administrator)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and petugas.username in page.content.decode()
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    client.logout()
    assert sign_in(client, petugas.username, "a-long-test-password").status_code == 302


def test_client_login_works_with_axes_on_when_given_a_request(client, axes_on, petugas):
    # Test settings keep axes off so that `client.login(username=..., password=...)` works as usual;
    # with axes on, a test passes a request, as the django-axes docs say.
    assert client.login(request=HttpRequest(), username=petugas.username, password="a-long-test-password")
