"""A database connection that died (PostgreSQL restarted, a network blip) is replaced at the next request by the
running gunicorn, not shown as an error page: persistent connections are health-checked before reuse."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def test_connections_are_kept_and_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_answers_the_next_request_after_its_database_connection_was_killed(client):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    client.force_login(UserFactory())  # a committed session, read by gunicorn from the test database
    cookie = client.cookies["sessionid"].value
    db = connection.settings_dict
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    env.update(
        # The serving benchmark's settings: production settings plus a signed-in page that only reads the session.
        DJANGO_SETTINGS_MODULE="bench.serving_settings", SECRET_KEY=settings.SECRET_KEY, ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", GUNICORN_THREADS="1", LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                               "ucj_site.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/bench/ping/"
    try:
        for _ in range(100):
            try:
                assert get(url, cookie) == (200, b"ok")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")

        params = {**connection.get_connection_params(), "dbname": "postgres"}
        params.pop("cursor_factory", None)
        with psycopg.connect(**params, autocommit=True) as other:
            killed = other.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s", [db["NAME"], connection.connection.info.backend_pid],
            ).fetchone()[0]
        assert killed == 1  # gunicorn's one persistent connection

        assert get(url, cookie) == (200, b"ok")
    finally:
        server.terminate()
        server.wait(timeout=30)
