"""The documented production run, on loopback: collectstatic, then gunicorn with gunicorn.conf.py and DEBUG off
serves the login page and its hashed, compressed stylesheet with the security headers and key=value logs."""
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on a fresh SQLite file, set up the way README: Production says (behind a TLS proxy)."""
    tmp = tmp_path_factory.mktemp("serving")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(SECRET_KEY="serving-test-key-" + "q7" * 20, ALLOWED_HOSTS="127.0.0.1", HTTPS="1",
               PROXY_SSL_HEADER="1", DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}", STATIC_ROOT=str(tmp / "static"),
               GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1", GUNICORN_THREADS="2")
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    log = (tmp / "gunicorn.log").open("w+")
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                                "ucj_site.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                fetch(base, "/accounts/login/")
                break
            except OSError:
                time.sleep(0.1)
        yield base, tmp / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def fetch(base, path, **headers):
    # As the TLS proxy in front would send it; without the header the app redirects to https.
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_login_page_is_served_with_the_security_headers(server):
    base, _log = server
    status, headers, _body = fetch(base, "/accounts/login/")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin" and "camera=()" in headers["Permissions-Policy"]
    assert "Secure" in headers["Set-Cookie"]


def test_plain_http_is_redirected_to_https(server):
    base, _log = server
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    assert response.status == 301 and response.headers["Location"].startswith("https://")
    connection.close()


def test_stylesheet_has_a_hashed_name_a_long_cache_and_compression(server):
    base, _log = server
    _status, _headers, body = fetch(base, "/accounts/login/")
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', body.decode()).group(1)
    status, headers, compressed = fetch(base, stylesheet, **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    assert headers["Content-Encoding"] in {"br", "gzip"}
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    _status, _headers, plain = fetch(base, stylesheet)
    assert len(compressed) < len(plain) / 2


def test_access_and_error_lines_are_key_value_on_stdout(server):
    base, log = server
    fetch(base, "/accounts/login/?probe=1")
    time.sleep(0.2)
    lines = log.read_text().splitlines()
    access = [line for line in lines if "logger=gunicorn.access" in line and 'query="probe=1"' in line]
    assert access and re.match(r"ts=\S+Z level=INFO logger=gunicorn\.access ip=127\.0\.0\.1 .* status=200 ", access[0])
    assert any(re.match(r"ts=\S+ level=INFO logger=gunicorn\.error msg=\"Booting worker", line) for line in lines)
