"""On time, late, due and missing on exact dates and minutes, whatever way the figure arrived."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coverage.models import CoverageSnapshot, CutOff
from coverage.reporting import deadlines
from coverage.reporting.deadlines import Timeliness
from coverage.reporting.selectors import reporting_calendar
from coverage.snapshots import services
from tests.imports.files import HEADER, csv_file
from tests.reporting.conftest import APR, FEB, JAN, MAR, TODAY, at, local

pytestmark = pytest.mark.django_db
OCTOBER = datetime.date(2025, 10, 31)


def timeliness_of(regency, as_of, today=None):
    today = today or TODAY.date()
    calendar = reporting_calendar(regencies=type(regency).objects.filter(pk=regency.pk), year=as_of.year, today=today)
    return next(cell.timeliness for cell in calendar.rows[0].cells if cell.as_of == as_of)


def test_the_deadline_is_ten_days_after_the_cut_off_unless_an_administrator_set_another():
    assert deadlines.deadline_of(OCTOBER).deadline == datetime.date(2025, 11, 10)
    CutOff.objects.create(as_of=OCTOBER, deadline=datetime.date(2025, 11, 14))
    assert deadlines.deadline_of(OCTOBER).deadline == datetime.date(2025, 11, 14)


def test_a_figure_stored_at_23_59_local_time_on_the_deadline_is_on_time_and_at_00_01_the_next_day_late(known_year,
                                                                                                     badung):
    assert timeliness_of(badung, JAN) == Timeliness.ON_TIME  # 10 Feb 23:59 WIB is 16:59 UTC
    assert timeliness_of(badung, FEB) == Timeliness.LATE  # 11 Mar 00:01 WIB is still 10 Mar in UTC


def test_without_a_figure_a_cut_off_is_due_until_its_deadline_has_passed_then_missing(badung):
    assert timeliness_of(badung, APR, today=datetime.date(2025, 5, 10)) == Timeliness.DUE
    assert timeliness_of(badung, APR, today=datetime.date(2025, 5, 11)) == Timeliness.MISSING


def test_a_deadline_changed_by_an_administrator_in_the_admin_retimes_the_figures(known_year, client, administrator,
                                                                                  badung, bangli):
    assert timeliness_of(bangli, MAR) == Timeliness.ON_TIME  # 5 April, deadline 10 April
    client.force_login(administrator)
    response = client.post(reverse("admin:coverage_cutoff_add"),
                           {"as_of": "2025-03-31", "deadline": "2025-04-03", "note": "Rapat dimajukan"})
    assert response.status_code == 302
    assert CutOff.objects.get().history.get().history_user == administrator
    assert timeliness_of(bangli, MAR) == Timeliness.LATE
    assert timeliness_of(badung, MAR) == Timeliness.ON_TIME  # 1 April


@pytest.mark.parametrize("as_of, deadline, code", [
    ("2025-03-30", "2025-04-10", "not_month_end"),
    ("2025-03-31", "2025-03-30", "cutoff_deadline_not_before_as_of"),
])
def test_the_admin_refuses_a_cut_off_that_is_no_month_end_or_a_deadline_before_it(client, administrator, as_of,
                                                                                 deadline, code):
    client.force_login(administrator)
    response = client.post(reverse("admin:coverage_cutoff_add"), {"as_of": as_of, "deadline": deadline})
    assert response.status_code == 200 and not CutOff.objects.exists()
    assert code in {error.code for errors in response.context["adminform"].form.errors.as_data().values()
                    for error in errors}


def test_an_uploaded_file_is_timed_by_when_it_was_confirmed(client, petugas, badung, bangli):
    client.force_login(petugas)
    rows = [["51.03", "2025-10-31", "500", "1000"], ["51.06", "2025-10-31", "400", "1000"]]
    with at(local(2025, 11, 10, 23, 59)):
        client.post(reverse("entry_upload"), {"preview": "1", "file": SimpleUploadedFile(
            "oktober.csv", csv_file(rows, header=HEADER[:4]).getvalue())})
        assert client.post(reverse("entry_upload"), {"confirm": "1"}).status_code == 302
    assert CoverageSnapshot.objects.count() == 2  # stored in bulk: each row has its creation time all the same
    assert set(CoverageSnapshot.objects.values_list("created_at", flat=True)) == {local(2025, 11, 10, 23, 59)}
    assert timeliness_of(badung, OCTOBER, today=datetime.date(2025, 12, 1)) == Timeliness.ON_TIME


def test_a_file_confirmed_a_minute_after_midnight_is_late(client, petugas, badung):
    client.force_login(petugas)
    with at(local(2025, 11, 11, 0, 1)):
        client.post(reverse("entry_upload"), {"preview": "1", "file": SimpleUploadedFile(
            "oktober.csv", csv_file([["51.03", "2025-10-31", "500", "1000"]], header=HEADER[:4]).getvalue())})
        client.post(reverse("entry_upload"), {"confirm": "1"})
    assert timeliness_of(badung, OCTOBER, today=datetime.date(2025, 12, 1)) == Timeliness.LATE


def test_a_returned_and_corrected_figure_keeps_its_first_creation_time(known_year, petugas):
    returned = known_year["bangli_mar"]
    with at(local(2025, 4, 30, 10, 0)):
        services.snapshot_correct(snapshot=returned, changes={"participants": 510}, by=petugas,
                                  reason="dikoreksi", expected_version=returned.version)
    assert CoverageSnapshot.objects.get(pk=returned.pk).created_at == local(2025, 4, 5, 10, 0)
    assert timeliness_of(returned.regency, MAR) == Timeliness.ON_TIME


def test_reminder_days_are_three_days_before_the_deadline_its_day_and_weekly_for_four_weeks():
    assert deadlines.reminder_days(datetime.date(2025, 11, 10)) == [
        datetime.date(2025, 11, 7), datetime.date(2025, 11, 10), datetime.date(2025, 11, 17),
        datetime.date(2025, 11, 24), datetime.date(2025, 12, 1), datetime.date(2025, 12, 8)]
    assert deadlines.cut_offs_reminded_on(datetime.date(2025, 11, 17)) == {OCTOBER: datetime.date(2025, 11, 10)}
    assert deadlines.cut_offs_reminded_on(datetime.date(2025, 11, 12)) == {}
    # 8 December is the last one for October; a later deadline set by an administrator moves them all.
    CutOff.objects.create(as_of=OCTOBER, deadline=datetime.date(2025, 11, 12))
    assert deadlines.cut_offs_reminded_on(datetime.date(2025, 11, 12)) == {OCTOBER: datetime.date(2025, 11, 12)}
    assert deadlines.cut_offs_reminded_on(datetime.date(2025, 11, 17)) == {}
