"""Sessions end after the idle timeout and the absolute lifetime; a form posted too late comes back after sign-in."""
import json
import time

import pytest

from coverage.security.session_expiry import LAST_SEEN, RECOVERED, STARTED
from tests.security import sample_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.sample_urls")]

FORM = "/sample-form/"
TYPED = {"participants": "935079", "note": "per 31 Maret\nangka BPS", "source": "bpjs", "confirmed": "on",
         "pin_password": "secret-pin-1234"}


@pytest.fixture(autouse=True)
def nothing_saved():
    sample_urls.saved.clear()
    yield
    sample_urls.saved.clear()


def age_session(client, *, idle=0, opened=0):
    """Pretend the session was last used `idle` seconds ago and opened `opened` seconds ago."""
    session = client.session
    now = int(time.time())
    session[LAST_SEEN] = now - idle
    session[STARTED] = now - max(opened, idle)
    session.save()


def test_defaults_are_thirty_minutes_idle_and_twelve_hours(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 3600


def test_a_session_used_within_the_idle_timeout_goes_on(signed_in):
    age_session(signed_in, idle=29 * 60)
    response = signed_in.get(FORM)
    assert response.status_code == 200
    assert time.time() - signed_in.session[LAST_SEEN] < 5  # the idle clock starts again


def test_an_idle_session_ends_and_the_user_is_sent_to_sign_in(signed_in):
    age_session(signed_in, idle=31 * 60)
    response = signed_in.get(FORM, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/sample-form/")
    assert "_auth_user_id" not in signed_in.session
    assert "30 menit tanpa aktivitas" in response.content.decode()


def test_a_session_older_than_the_absolute_lifetime_ends_even_when_busy(signed_in):
    age_session(signed_in, idle=10, opened=12 * 3600 + 1)
    response = signed_in.get(FORM, follow=True)
    assert "_auth_user_id" not in signed_in.session
    assert "lebih dari 12 jam" in response.content.decode()


def test_timeouts_come_from_the_settings(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    age_session(signed_in, idle=121)
    signed_in.get(FORM)
    assert "_auth_user_id" not in signed_in.session


def test_a_form_posted_after_the_session_ended_is_not_carried_out(signed_in):
    age_session(signed_in, idle=31 * 60)
    response = signed_in.post(FORM, TYPED)
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/sample-form/"
    assert sample_urls.saved == []


def test_what_was_typed_is_kept_without_token_or_password(signed_in, petugas):
    age_session(signed_in, idle=31 * 60)
    signed_in.post(FORM, {**TYPED, "csrfmiddlewaretoken": "x"})
    kept = signed_in.session[RECOVERED]
    assert kept["user"] == petugas.pk and kept["path"] == FORM
    assert kept["data"] == {"participants": ["935079"], "note": ["per 31 Maret\nangka BPS"], "source": ["bpjs"],
                            "confirmed": ["on"]}


def test_after_signing_in_again_the_form_comes_back_filled(signed_in, petugas):
    age_session(signed_in, idle=31 * 60)
    signed_in.post(FORM, TYPED)
    response = signed_in.post("/accounts/login/?next=/sample-form/",
                              {"username": petugas.username, "password": "a-long-test-password", "next": FORM},
                              follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == FORM
    assert '<script id="recovered-form" type="application/json">' in page
    data = json.loads(page.split('<script id="recovered-form" type="application/json">')[1].split("</script>")[0])
    assert data["participants"] == ["935079"] and data["note"] == ["per 31 Maret\nangka BPS"]
    assert "js/recover-form.js" in page
    assert "dikembalikan ke formulir" in page
    assert sample_urls.saved == []  # given back to check and submit, not stored


def test_the_form_comes_back_once(signed_in, petugas):
    age_session(signed_in, idle=31 * 60)
    signed_in.post(FORM, TYPED)
    signed_in.post("/accounts/login/", {"username": petugas.username, "password": "a-long-test-password"})
    assert "recovered-form" in signed_in.get(FORM).content.decode()
    assert "recovered-form" not in signed_in.get(FORM).content.decode()


def test_someone_else_signing_in_does_not_see_what_was_typed(signed_in, pejabat):
    age_session(signed_in, idle=31 * 60)
    signed_in.post(FORM, TYPED)
    signed_in.post("/accounts/login/", {"username": pejabat.username, "password": "a-long-test-password"})
    assert "recovered-form" not in signed_in.get(FORM).content.decode()
    assert RECOVERED not in signed_in.session


def test_a_form_posted_within_the_timeout_is_carried_out(signed_in):
    age_session(signed_in, idle=60)
    assert signed_in.post(FORM, TYPED).content == b"saved"
    assert sample_urls.saved[0]["participants"] == 935079


@pytest.mark.urls("ucj_site.urls")
def test_an_admin_form_posted_after_the_session_ended_comes_back_too(client, administrator, bali):
    client.force_login(administrator)
    age_session(client, idle=31 * 60)
    typed = {"province": str(bali.pk), "year": "2026", "percent": "70.50", "source": "kemendagri"}
    response = client.post("/admin/coverage/target/add/", typed)
    assert response.url == "/accounts/login/?next=/admin/coverage/target/add/"
    client.post("/accounts/login/", {"username": administrator.username, "password": "a-long-test-password"})
    page = client.get("/admin/coverage/target/add/").content.decode()
    assert '"percent": ["70.50"]' in page and "js/recover-form.js" in page
