"""A real SMTP server (aiosmtpd) on a free local port, for tests that must see an email leave through SMTP."""
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """What the server received; with `refuse` it answers every message with a permanent refusal."""

    def __init__(self, refuse: bool = False):
        self.messages, self.refuse = [], refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 Message refused"
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(settings, *, refuse: bool = False):
    """Django's SMTP backend pointed at a server started here; yields its Inbox."""
    inbox = Inbox(refuse=refuse)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()
