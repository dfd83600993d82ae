"""Uploaded files kept on the server between their preview and their confirmation, bound to one session.

The browser never sends the file twice and never names it: the session holds a random token, and the
file lives under a private directory by that token. Files older than a day are swept on the next upload.
With several app servers behind a load balancer, `settings.PENDING_UPLOADS_DIR` (the environment variable of
that name) must name a directory that they share (README: Production); the default is a directory in the
system's temporary directory.
"""
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "pending_import"
MAX_AGE_SECONDS = 24 * 3600


def _directory() -> Path:
    directory = Path(settings.PENDING_UPLOADS_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def keep(request, upload, *, kind: str) -> None:
    """Store `upload` for this session (replacing any earlier one) until it is confirmed or abandoned."""
    discard(request)
    _sweep()
    token = secrets.token_hex(24)
    with (_directory() / token).open("wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    request.session[SESSION_KEY] = {"token": token, "name": Path(upload.name).name[:150], "kind": kind}


def pending(request, *, kind: str) -> dict | None:
    """This session's kept file of `kind` ({"path", "name"}), if it still exists."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("kind") != kind:
        return None
    path = _directory() / kept["token"]
    if not path.is_file():
        return None
    return {"path": path, "name": kept["name"]}


def remember(request, **values) -> None:
    """Keep something about the pending file (e.g. the preview's fingerprint) in the session."""
    kept = request.session.get(SESSION_KEY)
    if kept:
        request.session[SESSION_KEY] = kept | values


def recalled(request, name: str):
    return (request.session.get(SESSION_KEY) or {}).get(name)


def discard(request) -> None:
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        (_directory() / kept["token"]).unlink(missing_ok=True)


def _sweep() -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in _directory().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass  # another process swept it first
