"""`send_reminders` on a known October 2025 (deadline 10 November): who gets what, once a day, in their language."""
import datetime
import email
import email.policy

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from coverage.models import CoverageSnapshot, Preferences, ReminderSent
from tests.factories import SnapshotFactory, UserFactory, field_staff, supervisor
from tests.smtp import smtp_server

pytestmark = pytest.mark.django_db
OCTOBER = datetime.date(2025, 10, 31)
DEADLINE, WEEK_AFTER, NO_REMINDER_DAY = "2025-11-10", "2025-11-17", "2025-11-12"
Status = CoverageSnapshot.Status


@pytest.fixture
def people(bali, ntb, badung, bangli, lombok_barat):
    """Field staff of Bali and of NTB, a supervisor of Bali, a superuser with no place; all with addresses."""
    users = {"petugas": field_staff(places=[bali], username="petugas"),
             "petugas_ntb": field_staff(places=[lombok_barat], username="petugas_ntb"),
             "penyetuju": supervisor(places=[bali], username="penyetuju"),
             "admin": UserFactory(username="admin", is_superuser=True, is_staff=True)}
    for name, user in users.items():
        user.email = f"{name}@example.go.id"
        user.save()
    return users


@pytest.fixture
def october(people, badung, lombok_barat):
    """Badung typed by petugas (awaiting review), Bangli missing, Lombok Barat typed."""
    return {"badung": SnapshotFactory(regency=badung, as_of=OCTOBER, created_by=people["petugas"],
                                      updated_by=people["petugas"]),
            "lombok": SnapshotFactory(regency=lombok_barat, as_of=OCTOBER)}


def send(day, *args):
    call_command("send_reminders", "--today", day, *args)


def sent() -> dict[str, str]:
    return {message.to[0]: message for message in mail.outbox}


def test_on_the_deadline_field_staff_get_what_is_due_and_supervisors_what_awaits_review(october):
    send(DEADLINE)
    assert set(sent()) == {"petugas@example.go.id", "penyetuju@example.go.id"}
    staff, supervisor_mail = sent()["petugas@example.go.id"], sent()["penyetuju@example.go.id"]
    assert "Kabupaten Bangli" in staff.body and "Kabupaten Badung" not in staff.body
    assert "/entry/grid/?province=51&as_of=2025-10-31" in staff.body
    assert "Kabupaten Badung" in supervisor_mail.body
    assert "/review/?province=51&as_of=2025-10-31" in supervisor_mail.body
    assert "Kabupaten Bangli" not in supervisor_mail.body  # due, not missing yet: field staff's to do
    assert list(ReminderSent.objects.order_by("user__username").values_list("user__username", "kind", "items")) == [
        ("penyetuju", "review", 1), ("petugas", "entry", 1)]


def test_after_the_deadline_the_missing_and_the_returned_are_asked_for_weekly(october, people, bangli):
    CoverageSnapshot.objects.filter(pk=october["badung"].pk).update(status=Status.RETURNED)
    send(WEEK_AFTER)
    staff = sent()["petugas@example.go.id"]
    assert f"/entry/{october['badung'].pk}/edit/" in staff.body and "Kabupaten Bangli" in staff.body
    assert staff.subject == "UCJ Tracker: 2 angka menunggu Anda"
    supervisor_mail = sent()["penyetuju@example.go.id"]
    assert "Kabupaten Bangli" in supervisor_mail.body and "/reporting/?year=2025&province=51" in supervisor_mail.body
    assert len(mail.outbox) == 2


def test_a_second_run_the_same_day_sends_nothing(october):
    send(DEADLINE)
    send(DEADLINE)
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2


def test_a_day_that_is_no_reminder_day_sends_nothing(october):
    send(NO_REMINDER_DAY)
    assert not mail.outbox


def test_a_reminder_day_with_nothing_to_do_sends_nothing(october, people, bangli):
    SnapshotFactory(regency=bangli, as_of=OCTOBER)
    CoverageSnapshot.objects.update(status=Status.APPROVED)
    send(WEEK_AFTER)
    assert not mail.outbox and not ReminderSent.objects.exists()


def test_someone_both_field_staff_and_supervisor_gets_one_email_with_both(october, people, bali):
    both = supervisor(places=[bali], username="keduanya")
    both.groups.add(*people["petugas"].groups.all())
    both.email = "keduanya@example.go.id"
    both.save()
    send(WEEK_AFTER)
    [message] = [m for m in mail.outbox if m.to == ["keduanya@example.go.id"]]
    assert "dikoreksi" not in message.body and "menunggu persetujuan Anda" in message.body
    assert "belum diisi: tenggat sudah lewat" in message.body
    assert set(ReminderSent.objects.filter(user=both).values_list("kind", flat=True)) == {"entry", "review"}


def test_users_who_switched_reminders_off_get_nothing(october, people):
    Preferences.objects.create(user=people["petugas"], reminders=False)
    send(DEADLINE)
    assert set(sent()) == {"penyetuju@example.go.id"}


def test_the_email_is_in_the_recipients_language_plain_and_html(october, people):
    Preferences.objects.create(user=people["petugas"], language="en")
    send(DEADLINE)
    staff = sent()["petugas@example.go.id"]
    assert staff.subject == "UCJ Tracker: 1 figure waits for you"
    assert "As of 31 October 2025 (deadline 10 November 2025):" in staff.body
    assert "due: enter it by the deadline: Kabupaten Bangli" in staff.body
    html, mimetype = staff.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://127.0.0.1:8000/entry/grid/?province=51&amp;as_of=2025-10-31"' in html
    assert sent()["penyetuju@example.go.id"].subject == "UCJ Tracker: 1 angka menunggu Anda"


def test_a_dry_run_prints_who_would_get_what_and_sends_nothing(october, capsys):
    send(DEADLINE, "--dry-run")
    out = capsys.readouterr().out
    assert "would send: penyetuju <penyetuju@example.go.id>: 1 figure(s) of 2025-10-31" in out
    assert "2025-10-31 51.06 Kabupaten Bangli: due" in out
    assert not mail.outbox and not ReminderSent.objects.exists()


def test_a_refusing_mail_server_is_reported_and_leaves_the_log_untouched(october, settings, capsys):
    with smtp_server(settings, refuse=True) as inbox:
        with pytest.raises(CommandError, match="2 reminder"):
            send(DEADLINE)
        assert not inbox.messages
    assert "not reached: petugas <petugas@example.go.id>" in capsys.readouterr().err
    assert not ReminderSent.objects.exists()
    with smtp_server(settings) as inbox:  # the next run tries again
        send(DEADLINE)
        assert sorted(envelope.rcpt_tos[0] for envelope in inbox.messages) == [
            "penyetuju@example.go.id", "petugas@example.go.id"]
    assert ReminderSent.objects.count() == 2


def test_a_reminder_leaves_through_a_real_smtp_server_with_its_plain_and_html_parts(october, settings):
    settings.DEFAULT_FROM_EMAIL = "ucj@example.go.id"
    with smtp_server(settings) as inbox:
        send(DEADLINE)
    delivered = {envelope.rcpt_tos[0]: envelope for envelope in inbox.messages}
    assert set(delivered) == {"petugas@example.go.id", "penyetuju@example.go.id"}
    message = email.message_from_bytes(delivered["petugas@example.go.id"].content, policy=email.policy.default)
    assert message["From"] == "ucj@example.go.id" and message["Subject"] == "UCJ Tracker: 1 angka menunggu Anda"
    parts = {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}
    assert "Kabupaten Bangli" in parts["text/plain"] and "Kabupaten Bangli" in parts["text/html"]
