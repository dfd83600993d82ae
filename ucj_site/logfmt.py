"""One log line per record in `key=value` form, so that logs can be grepped and parsed (README: Production)."""
import json
import logging
import time

from django.core.exceptions import PermissionDenied

# A value is written bare when nothing in it could be taken for a separator; otherwise it is quoted
# as a JSON string, which also escapes newlines so that no input can forge a second log line.
_NEEDS_QUOTES = frozenset(' "=\\\n\r\t')


def kv(key: str, value) -> str:
    text = "" if value is None else str(value)
    if text and not _NEEDS_QUOTES.intersection(text):
        return f"{key}={text}"
    return f"{key}={json.dumps(text, ensure_ascii=False)}"


def kv_line(**fields) -> str:
    return " ".join(kv(key, value) for key, value in fields.items())


class KeyValueFormatter(logging.Formatter):
    """`ts=... level=... logger=...` then either the record's own `key=value` pairs or `msg="..."`.

    A record whose message is already `key=value` pairs says so with `extra={"kv": True}`
    (see `coverage.security.audit.security_event`); gunicorn's access lines are written that way too.
    """

    converter = time.gmtime

    def __init__(self, *args, preformatted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.preformatted = preformatted

    def formatTime(self, record, datefmt=None):
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + f".{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        head = kv_line(ts=self.formatTime(record), level=record.levelname, logger=record.name)
        message = record.getMessage()
        body = message if self.preformatted or getattr(record, "kv", False) else kv("msg", message)
        line = f"{head} {body}"
        if record.exc_info:
            line += " " + kv("exc", self.formatException(record.exc_info))
        elif record.stack_info:
            line += " " + kv("stack", self.formatStack(record.stack_info))
        return line


class RefusalWithoutTraceback(logging.Filter):
    """On django.request: a PermissionDenied is an answer a view meant to give (403), not a fault, yet Django logs it
    with its traceback, a dozen lines per refusal. The line stays ("Forbidden (Permission denied): /entry/"), the
    traceback goes; who was refused is in the `event=access_refused` line (coverage.security.audit)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
