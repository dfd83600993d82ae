"""The "returned" notice really leaves: through a real SMTP server started in the test."""
import email
import email.policy

import pytest

from coverage.review import services
from tests.smtp import smtp_server

pytestmark = pytest.mark.django_db


def test_the_returned_notice_leaves_through_a_real_smtp_server(typed, penyetuju, petugas, settings,
                                                               django_capture_on_commit_callbacks):
    petugas.email = "petugas@example.go.id"
    petugas.save()
    snapshot = typed[0]
    with smtp_server(settings) as inbox, django_capture_on_commit_callbacks(execute=True):
        services.snapshot_return(reviewed=services.Reviewed(pk=snapshot.pk, version=snapshot.version),
                                 by=penyetuju, comment="Dua digit tertukar")
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["petugas@example.go.id"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "Dikembalikan: Kabupaten Badung per 31 Maret 2025"
    body = message.get_content()
    assert "Dua digit tertukar" in body and f"/entry/{snapshot.pk}/edit/" in body
