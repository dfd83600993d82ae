"""The README's run command, step by step: migrate, load, and a server that answers on a real port."""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def run_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'smoke.sqlite3'}")
    return env


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_setup_then_server_answers_with_the_demo(run_env):
    manage(run_env, "migrate", "--no-input")
    manage(run_env, "load_regions")
    demo_output = manage(run_env, "load_demo", "--if-empty")
    password = re.search(r"^\s+petugas\s+(\S+)$", demo_output, re.MULTILINE).group(1)
    assert "already stored" in manage(run_env, "load_demo", "--if-empty")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login_page = None
        for _ in range(100):
            try:
                login_page = opener.open(base + "/accounts/login/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert login_page is not None, "the server did not answer"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        form = urllib.parse.urlencode(
            {"username": "petugas", "password": password, "csrfmiddlewaretoken": token, "next": "/"}
        ).encode()
        home = opener.open(urllib.request.Request(base + "/accounts/login/", data=form,
                                                  headers={"Referer": base + "/accounts/login/"}), timeout=10)
        body = home.read().decode()
        assert home.url == base + "/"
        assert "514 dari 514" in body  # the national demo: every regency has figures
        assert "Data demo: angka selain angka Bali per 31 Maret 2025 adalah rekaan." in body
    finally:
        server.terminate()
        server.wait(timeout=10)
