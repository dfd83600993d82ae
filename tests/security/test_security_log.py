"""Security events reach the log with event, user, address, method and path, in grep-able key=value lines."""
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from coverage.models import CoverageSnapshot
from coverage.security.audit import client_ip, security_event
from tests.entry.conftest import grid_data
from tests.factories import SnapshotFactory
from ucj_site.logfmt import KeyValueFormatter

pytestmark = pytest.mark.django_db


def events(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "ucj.security"]


def test_a_failed_sign_in_is_logged_with_username_and_address(client, caplog, petugas):
    client.post("/accounts/login/", {"username": petugas.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    assert events(caplog) == [
        "event=signin_failed user=- ip=10.0.0.7 method=POST path=/accounts/login/ username=petugas_bali"
    ]


def test_a_lockout_is_logged(client, caplog, axes_on, petugas):
    for _ in range(5):
        client.post("/accounts/login/", {"username": petugas.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.7")
    assert "event=signin_locked_out user=- ip=10.0.0.7 method=POST path=/accounts/login/ username=petugas_bali" in (
        events(caplog)
    )


def test_a_refused_csrf_post_is_logged_with_the_signed_in_user(caplog, petugas):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(petugas)
    strict.post("/accounts/logout/", REMOTE_ADDR="10.0.0.9")
    assert events(caplog) == [
        "event=access_refused user=petugas_bali ip=10.0.0.9 method=POST path=/accounts/logout/ status=403"
    ]


def test_a_permission_refused_by_a_view_is_logged(client, caplog, pejabat, settings):
    # Any 403 answer is logged, whichever view gives it: here a view that raises PermissionDenied.
    from django.urls import path

    from ucj_site import urls

    def refuse(request):
        raise PermissionDenied

    settings.ROOT_URLCONF = type("urlconf", (), {"urlpatterns": [path("refuse/", refuse), *urls.urlpatterns]})
    client.force_login(pejabat)
    assert client.get("/refuse/").status_code == 403
    assert events(caplog) == ["event=access_refused user=pejabat_test ip=127.0.0.1 method=GET path=/refuse/ status=403"]


def test_other_modules_log_their_own_events_with_fields(caplog, petugas):
    request = RequestFactory().post("/entry/new/", REMOTE_ADDR="10.0.0.5")
    request.user = petugas
    security_event(request, "write_refused", regency="52.01", reason="not assigned")
    assert events(caplog) == [
        'event=write_refused user=petugas_bali ip=10.0.0.5 method=POST path=/entry/new/ regency=52.01 '
        'reason="not assigned"'
    ]


def test_a_forged_username_cannot_forge_a_log_line(client, caplog):
    client.post("/accounts/login/", {"username": "x\nevent=signin_ok user=admin", "password": "wrong"})
    (line,) = events(caplog)
    assert "\n" not in line and line.endswith('username="x\\nevent=signin_ok user=admin"')


def test_lines_are_written_as_key_value_pairs():
    formatter = KeyValueFormatter()
    plain = logging.LogRecord("django.request", logging.ERROR, __file__, 1, 'Internal "error"', None, None)
    event = logging.LogRecord("ucj.security", logging.WARNING, __file__, 1, "event=x user=-", None, None)
    event.kv = True
    assert formatter.format(plain).split(" ", 1)[1] == 'level=ERROR logger=django.request msg="Internal \\"error\\""'
    assert formatter.format(event).split(" ", 1)[1] == "level=WARNING logger=ucj.security event=x user=-"
    assert formatter.format(plain).startswith("ts=20")


def test_the_address_behind_our_proxy_is_the_one_it_added(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7")
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is the client's word only
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.7"  # the entry our proxy added, not the one the client sent


def test_a_refused_entry_is_logged_with_why(client, caplog, petugas, badung):
    client.force_login(petugas)
    client.post("/entry/new/", {"regency": "51.03", "as_of": "2025-03-31", "participants": "900",
                                "working_population": "800"}, REMOTE_ADDR="10.0.0.5")
    assert events(caplog) == [
        "event=write_refused user=petugas_bali ip=10.0.0.5 method=POST path=/entry/new/ action=record "
        "codes=snapshot_participants_within_working_population regency=51.03"
    ]


def test_a_correction_is_logged_with_the_new_version(client, caplog, petugas, badung):
    snapshot = SnapshotFactory(regency=badung, participants=500, working_population=1000)
    client.force_login(petugas)
    client.post(f"/entry/{snapshot.pk}/edit/", {
        "as_of": "2025-03-31", "participants": "510", "working_population": "1000", "version": "1",
        "change_reason": "Branch office report corrected",
    }, REMOTE_ADDR="10.0.0.5")
    assert events(caplog) == [
        f"event=snapshot_corrected user=petugas_bali ip=10.0.0.5 method=POST path=/entry/{snapshot.pk}/edit/ "
        f"snapshot={snapshot.pk} regency=51.03 version=2"
    ]


def test_a_grid_with_a_refused_row_is_logged_once(client, caplog, petugas, badung, bangli):
    client.force_login(petugas)
    url = "/entry/grid/?province=51&as_of=2025-03-31"
    typed = {"51.03": {"participants": "100", "working_population": "1000"},
             "51.06": {"participants": "2000", "working_population": "1000"}}
    client.post(url, grid_data(client.get(url), typed), REMOTE_ADDR="10.0.0.5")
    assert [e for e in events(caplog) if "write_refused" in e] == [
        "event=write_refused user=petugas_bali ip=10.0.0.5 method=POST path=/entry/grid/ action=grid "
        "codes=snapshot_participants_within_working_population province=51 as_of=2025-03-31 rows=1"
    ]
    assert not CoverageSnapshot.objects.exists()
