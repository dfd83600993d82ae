"""A 403 is logged in one line each (Django's request line and the app's `event=access_refused`), never with a
traceback; a real server error keeps its traceback."""
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from ucj_site import urls
from ucj_site.logfmt import KeyValueFormatter

pytestmark = pytest.mark.django_db


def refuse(request):
    raise PermissionDenied("not for you")


class WithARefusingPage:
    urlpatterns = [path("refuse/", refuse), *urls.urlpatterns]


def lines(caplog):
    formatter = KeyValueFormatter()
    return [formatter.format(record) for record in caplog.records]


def test_a_refused_page_is_logged_in_one_line_without_a_traceback(client, pejabat, caplog):
    client.force_login(pejabat)
    assert client.get("/entry/").status_code == 403  # the view raises PermissionDenied
    logged = lines(caplog)
    assert logged and not any(record.exc_info for record in caplog.records)
    assert not any("Traceback" in line or "\n" in line for line in logged), logged
    assert [line for line in logged if "logger=django.request" in line] == [
        line for line in logged if line.endswith('msg="Forbidden (Permission denied): /entry/"')]
    assert any(line.endswith("event=access_refused user=pejabat_test ip=127.0.0.1 method=GET path=/entry/ status=403")
               for line in logged)


def test_any_view_raising_permission_denied_is_one_line(client, settings, caplog):
    settings.ROOT_URLCONF = WithARefusingPage
    assert client.get("/refuse/").status_code == 403
    assert len([r for r in caplog.records if r.name == "django.request"]) == 1
    assert not any(record.exc_info for record in caplog.records)


def test_a_csrf_failure_is_logged_in_one_line_with_its_reason(caplog):
    Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    logged = lines(caplog)
    assert any('msg="Forbidden (CSRF cookie not set.): /accounts/login/"' in line for line in logged)
    assert any("event=access_refused" in line for line in logged)
    assert not any("Traceback" in line for line in logged)
