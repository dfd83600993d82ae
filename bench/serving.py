"""Serving benchmark: gunicorn with gunicorn.conf.py and PostgreSQL on loopback, loaded by wrk (README: Production).

    .venv/bin/python -m bench.serving                                   # the floor page, 30 s at 32 connections
    .venv/bin/python -m bench.serving --path /rankings/ --path "/rankings/?province=51"   # pages against the floor
    .venv/bin/python -m bench.serving --duration 10 --json /tmp/serving.json

Runs the production settings (DEBUG off, WhiteNoise, persistent connections) on a throwaway PostgreSQL
database that it migrates (data for the measured pages must be loaded into it beforehand, e.g. with
`DATABASE_URL=... manage.py load_regions`), signs in as a benchmark user, measures the floor (a signed-in page
that does nothing: bench/serving_urls.py) and each --path, and reports requests/s, latency percentiles,
non-2xx answers (a redirect to the login counts as one) and each page's throughput as a ratio of the floor's.
Only 127.0.0.1 is ever contacted; every run is bounded by --duration.
"""
import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "/bench/ping/"
USER, PASSWORD = "bench_official", "bench-password-" + "x" * 12
CREATE_USER = (
    "from django.contrib.auth import get_user_model; U = get_user_model(); "
    f"u, _ = U.objects.get_or_create(username={USER!r}); u.set_password({PASSWORD!r}); u.save()"
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ucj_bench_serving")
    parser.add_argument("--path", action="append", default=[], help="a page to measure against the floor")
    parser.add_argument("--duration", type=int, default=30, help="seconds per page (default 30)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def sign_in(base: str) -> str:
    """The Cookie header of a signed-in session, obtained the way a browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(base + "/accounts/login/", data=form,
                                       headers={"Referer": base + "/accounts/login/"}), timeout=10).read()
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, "signing in failed"
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def wrk(base: str, path: str, cookie: str, args) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "wrk_report.lua"), "-H", f"Cookie: {cookie}", base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=args.duration + 60).stdout
    figures = json.loads(output.split("WRK_JSON ", 1)[1].splitlines()[0])
    figures["requests_per_s"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def wait_until_up(base: str, server) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped; see its log")
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer")


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    static_root = tempfile.mkdtemp(prefix="ucj-bench-static-")
    log = Path(tempfile.gettempdir()) / "ucj-bench-gunicorn.log"
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    env.update(DJANGO_SETTINGS_MODULE="bench.serving_settings", DATABASE_URL=args.database_url,
               SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1", STATIC_ROOT=static_root,
               GUNICORN_BIND=f"127.0.0.1:{port}")
    ensure_database(args.database_url)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "shell", "-c", CREATE_USER)
    manage(env, "axes_reset")

    with log.open("w") as log_file:
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                                   "ucj_site.wsgi"], cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base, server)
        cookie = sign_in(base)
        results = {}
        for path in [FLOOR, *args.path]:
            warm = argparse.Namespace(**{**vars(args), "duration": 2})
            wrk(base, path, cookie, warm)  # fills the workers' connections and caches
            results[path] = wrk(base, path, cookie, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    floor_rps = results[FLOOR]["requests_per_s"]
    print(f"gunicorn.conf.py on 127.0.0.1, {os.cpu_count()} cores, wrk -t{args.threads} -c{args.connections} "
          f"-d{args.duration}s; gunicorn log: {log}")
    print(f"{'page':<40} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'non-2xx':>8} "
          f"{'errors':>7} {'of floor':>9}")
    for path, f in results.items():
        f["ratio_to_floor"] = f["requests_per_s"] / floor_rps
        print(f"{path:<40} {f['requests_per_s']:>9.1f} {f['p50_us'] / 1000:>8.1f} {f['p90_us'] / 1000:>8.1f} "
              f"{f['p99_us'] / 1000:>8.1f} {f['max_us'] / 1000:>8.1f} {f['non2xx']:>8} "
              f"{f['socket_errors'] + f['timeouts']:>7} {f['ratio_to_floor']:>9.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
