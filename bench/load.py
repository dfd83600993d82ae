"""Load and fault benchmark: gunicorn + a PostgreSQL cluster of its own on loopback, loaded by wrk, the cluster
restarted mid-run (docs/benchmarks.md: Load and faults). Needs root (pg_createcluster), wrk and PostgreSQL 15.

    .venv/bin/python -m bench.load                    # cluster "bench" on port 5439, 30 s per wrk run
    .venv/bin/python -m bench.load --duration 10 --json /tmp/load.json

1. Creates the cluster (`pg_createcluster 15 bench -p 5439`), so that restarting it disturbs no other database,
   and builds the national dataset there (514 regencies x 120 month-ends, bench/rankings.py's builder).
2. Runs gunicorn with gunicorn.conf.py on 127.0.0.1, DEBUG off (bench/serving_settings.py: the production
   settings plus the floors), signs in, and runs wrk against the floor (the national ranking's 514 rows from a
   bare template), the empty floor, and every officials' page (the national ranking, one province's, the province
   ranking, a province, a regency, the overview): requests/s, latency percentiles, non-2xx, ratio to the floor.
   Then a burst of saves: field staff correct figures one after another while wrk loads the national ranking;
   after it, every page must show the last figure saved (checked), and every page is measured again.
3. Loads the province ranking again while the cluster is restarted (`pg_ctlcluster 15 bench restart`) and
   field staff save whole-province grids in threads: how long until pages answer again (gunicorn is not
   restarted), and whether every grid save is stored completely or not at all.
4. Stops gunicorn and drops the cluster (`pg_dropcluster 15 bench --stop`).
Only 127.0.0.1 is contacted; every wrk run is bounded by --duration.
"""
import argparse
import contextlib
import datetime
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.rankings import AS_OF, build_national_dataset
from bench.serving import FLOOR, PASSWORD, USER, free_port, sign_in, wait_until_up, wrk

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = "35"  # Jawa Timur: 38 regencies
PROVINCE_RANKING = f"/rankings/?province={PROVINCE}&as_of={AS_OF.isoformat()}"
GRID_PROVINCE = "32"  # Jawa Barat: 27 regencies, entered by the field staff during the restart and the burst
STAFF = "bench_field_staff"
ROWS_FLOOR = "/bench/floor/"
_AS_OF = f"as_of={AS_OF.isoformat()}"
NATIONAL = f"/rankings/?{_AS_OF}"
# Each page with its floor: the bare template rendering as many ranking rows as the page shows (50 on a page of the
# national ranking, 38 for Jawa Timur's regencies or the provinces, all 514 on one page; a regency's page and the
# overview against the 50-row floor, as a page of ordinary size).
PAGES = {
    NATIONAL: 50,
    f"/rankings/?{_AS_OF}&per_page=600": 514,
    PROVINCE_RANKING: 38,
    f"/rankings/provinces/?{_AS_OF}": 38,
    f"/provinces/{PROVINCE}/?{_AS_OF}": 38,
    f"/regencies/{PROVINCE}.01/?{_AS_OF}": 50,
    f"/?{_AS_OF}": 50,
}
FLOORS = [FLOOR, *(f"{ROWS_FLOOR}?rows={rows}" for rows in sorted(set(PAGES.values())))]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="15", help="PostgreSQL major version of the cluster")
    parser.add_argument("--cluster", default="bench")
    parser.add_argument("--port", type=int, default=5439)
    parser.add_argument("--duration", type=int, default=30, help="seconds per wrk run (default 30)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--restart-after", type=float, default=10, help="seconds into the fault run")
    parser.add_argument("--grid-threads", type=int, default=2)
    parser.add_argument("--save-every", type=float, default=0.25, help="seconds between two saves of the burst")
    parser.add_argument("--keep-cluster", action="store_true", help="do not drop the cluster at the end")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    return parser.parse_args()


def create_cluster(args):
    if os.geteuid() != 0:
        raise SystemExit("run as root: pg_createcluster and pg_ctlcluster manage the benchmark's own cluster")
    existing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
    if any(line.split()[:2] == [args.version, args.cluster] for line in existing.splitlines()):
        subprocess.run(["pg_ctlcluster", args.version, args.cluster, "start"], check=False)  # may be running
        return
    subprocess.run(["pg_createcluster", args.version, args.cluster, "-p", str(args.port), "--start", "--",
                    "--auth-host=trust", "--auth-local=trust"], check=True, stdout=subprocess.DEVNULL)


def restart_cluster(args):
    subprocess.run(["pg_ctlcluster", args.version, args.cluster, "restart", "-m", "fast"], check=True,
                   stdout=subprocess.DEVNULL)


def setup_django(database_url, static_root):
    """This process's Django on the benchmark's database, with the settings gunicorn gets."""
    env = {"DJANGO_SETTINGS_MODULE": "bench.serving_settings", "DATABASE_URL": database_url,
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": static_root}
    os.environ.pop("DEBUG", None)
    os.environ.pop("HTTPS", None)
    os.environ.update(env)
    import django

    django.setup()
    return env


def build(database_url):
    """Migrated database with the national dataset, a signed-in official's account and a field staff's."""
    import psycopg
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from coverage import roles
    from coverage.models import Assignment, Province

    assert not settings.DEBUG
    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    call_command("collectstatic", "--no-input", verbosity=0)
    build_national_dataset()
    users = get_user_model()
    official = users.objects.create_user(USER, password=PASSWORD)
    official.groups.add(Group.objects.get(name=roles.OFFICIALS))
    staff = users.objects.create_user(STAFF, password=PASSWORD)
    staff.groups.add(Group.objects.get(name=roles.FIELD_STAFF))
    Assignment.objects.create(user=staff, province=Province.objects.get(code=GRID_PROVINCE))


def start_gunicorn(env, port, log):
    server_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    server_env.update(env, GUNICORN_BIND=f"127.0.0.1:{port}", LOG_LEVEL="WARNING")
    with log.open("w") as log_file:
        return subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                                 "ucj_site.wsgi"], cwd=ROOT, env=server_env, stdout=log_file,
                                stderr=subprocess.STDOUT)


class GridSaver(threading.Thread):
    """Saves the whole grid of one province again and again (each time a new cut-off date), noting what each
    attempt answered; its own database connection, replaced after an error as a request would."""

    dates = iter(datetime.date(2015, 12, 31) - datetime.timedelta(days=n) for n in range(100_000))
    lock = threading.Lock()

    def __init__(self, stop):
        super().__init__(daemon=True)
        self.stop, self.attempts = stop, []

    def run(self):
        from django.contrib.auth import get_user_model
        from django.db import connection

        from coverage.entry import services
        from coverage.models import Regency

        staff = get_user_model().objects.get(username=STAFF)
        regencies = list(Regency.objects.filter(province__code=GRID_PROVINCE).order_by("code"))
        while not self.stop.is_set():
            with self.lock:
                as_of = next(self.dates)
            rows = [services.GridRow(regency=r, participants=1000 + i, working_population=5000 + i, source="bench")
                    for i, r in enumerate(regencies)]
            started = time.monotonic()
            try:
                result = services.grid_save(as_of=as_of, rows=rows, by=staff, reason="load benchmark",
                                            confirm_cut_off=True)  # a new day each time: not month-ends
                self.attempts.append((as_of, started, "stored", len(result.created)))
            except Exception as error:  # the database went away: the save must have left nothing
                self.attempts.append((as_of, started, type(error).__name__, 0))
                with contextlib.suppress(Exception):  # closing a dead connection may fail; the next query reconnects
                    connection.close()
                time.sleep(0.05)
        connection.close()


class FigureSaver(threading.Thread):
    """The burst: corrects Jawa Barat's figures of AS_OF one after another through the form's service, noting the
    last participants saved of each regency."""

    def __init__(self, stop, pause):
        super().__init__(daemon=True)
        self.stop, self.pause, self.saved, self.saves = stop, pause, {}, 0

    def run(self):
        from django.contrib.auth import get_user_model
        from django.db import connection

        from coverage.models import CoverageSnapshot
        from coverage.snapshots import services

        staff = get_user_model().objects.get(username=STAFF)
        snapshots = list(CoverageSnapshot.objects.filter(regency__province__code=GRID_PROVINCE, as_of=AS_OF)
                         .select_related("regency").order_by("regency__code"))
        while not self.stop.is_set():
            snapshot = snapshots[self.saves % len(snapshots)]
            snapshot.refresh_from_db()
            saved = services.snapshot_correct(
                snapshot=snapshot, changes={"participants": snapshot.participants + 1}, by=staff,
                reason="load benchmark", expected_version=snapshot.version, confirm_implausible=True)
            self.saved[snapshot.regency.code] = saved.participants
            self.saves += 1
            time.sleep(self.pause)
        connection.close()


def burst_run(args, base, cookie):
    """wrk on the national ranking while figures are saved; then whether every page shows the last ones."""
    stop = threading.Event()
    saver = FigureSaver(stop, args.save_every)
    saver.start()
    load = wrk(base, NATIONAL, cookie, args)
    stop.set()
    saver.join(timeout=30)
    return {"wrk": load, "saves": saver.saves, "saved": saver.saved,
            "live": verify_live(base, cookie, saver.saved)}


def _indonesian(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def verify_live(base, cookie, saved):
    """The pages and export that show the saved figures, read once right after the burst: what each is missing."""
    from django.db import connection

    from coverage.rankings import selectors

    connection.close()
    as_of = AS_OF.isoformat()
    province = next(row for row in selectors.province_ranking.uncached(as_of=AS_OF) if row.code == GRID_PROVINCE)
    nation = selectors.national_overview.uncached(as_of=AS_OF)
    expected = {
        f"/rankings/?province={GRID_PROVINCE}&as_of={as_of}": [_indonesian(n) for n in saved.values()],
        f"/provinces/{GRID_PROVINCE}/?as_of={as_of}": [_indonesian(province.participants)],
        f"/regencies/{GRID_PROVINCE}.01/?as_of={as_of}": [_indonesian(saved[f"{GRID_PROVINCE}.01"])],
        f"/rankings/?as_of={as_of}&_export=csv": [str(n) for n in saved.values()],
        f"/rankings/provinces/?as_of={as_of}": [_indonesian(province.participants)],
        f"/?as_of={as_of}": [_indonesian(nation["participants"])],
    }
    missing = {}
    for path, numbers in expected.items():
        with urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie})) as response:
            page = response.read().decode()
        missing[path] = [number for number in numbers if number not in page]
    return missing


def verify_grids(savers):
    """Each attempted date holds all the province's rows or none; every save that answered 'stored' holds all."""
    from django.db import connection

    from coverage.models import Regency

    connection.close()
    size = Regency.objects.filter(province__code=GRID_PROVINCE).count()
    attempts = [attempt for saver in savers for attempt in saver.attempts]
    counts = _counts_by_date()
    partial = [(as_of, counts.get(as_of, 0)) for as_of, *_ in attempts if counts.get(as_of, 0) not in (0, size)]
    lost = [as_of for as_of, _t, outcome, _n in attempts if outcome == "stored" and counts.get(as_of, 0) != size]
    failed = [a for a in attempts if a[2] != "stored"]
    stored_after_error = [a[0] for a in failed if counts.get(a[0], 0) == size]
    return {"rows_per_grid": size, "attempts": len(attempts), "stored": len(attempts) - len(failed),
            "refused": len(failed), "errors": sorted({a[2] for a in failed}), "partial": partial,
            "stored_but_missing": lost, "stored_although_the_save_failed": stored_after_error}


def _counts_by_date():
    from django.db.models import Count

    from coverage.models import CoverageSnapshot

    return dict(CoverageSnapshot.objects.filter(regency__province__code=GRID_PROVINCE, source="bench")
                .values("as_of").annotate(n=Count("id")).values_list("as_of", "n"))


class Probe(threading.Thread):
    """Asks for a page every 0.1 s during the fault run and notes when it answered 200."""

    def __init__(self, url, cookie, stop):
        super().__init__(daemon=True)
        self.url, self.cookie, self.stop, self.samples = url, cookie, stop, []

    def run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                request = urllib.request.Request(self.url, headers={"Cookie": self.cookie})
                with urllib.request.urlopen(request, timeout=5) as response:
                    ok = response.status == 200 and not response.geturl().count("/accounts/login/")
            except OSError:
                ok = False
            self.samples.append((started, ok))
            time.sleep(0.1)


def fault_run(args, base, cookie):
    """wrk on the province ranking while the cluster restarts and grids are saved; the recovery in seconds."""
    stop = threading.Event()
    probe = Probe(base + PROVINCE_RANKING, cookie, stop)
    savers = [GridSaver(stop) for _ in range(args.grid_threads)]
    load = {}
    loader = threading.Thread(target=lambda: load.update(wrk(base, PROVINCE_RANKING, cookie, args)))
    began = time.monotonic()
    for thread in (loader, probe, *savers):
        thread.start()
    time.sleep(args.restart_after)
    restart_began = time.monotonic()
    restart_cluster(args)  # returns once the server accepts connections again
    restart_done = time.monotonic()
    loader.join()
    # If the pages have not answered since the database came back, keep probing (a bounded while).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(ok and t >= restart_done for t, ok in probe.samples):
        time.sleep(0.1)
    stop.set()
    for thread in (probe, *savers):
        thread.join(timeout=30)

    failures = [t for t, ok in probe.samples if not ok and t >= restart_began - 1]
    back = next((t for t, ok in probe.samples if ok and t >= restart_done), None)
    last_failure_after = max(failures, default=None)
    return {
        "wrk": load,
        "restart_s": restart_done - restart_began,
        "restart_at_s": restart_began - began,
        "first_failure_after_restart_began_s": (failures[0] - restart_began) if failures else None,
        "pages_fail_for_s": (back - failures[0]) if failures and back else 0.0,
        "answers_again_after_database_back_s": (back - restart_done) if back else None,
        "failures_after_recovery": sum(1 for t, ok in probe.samples if not ok and back and t > back),
        "probe_failures": len(failures),
        "last_failure_s": (last_failure_after - restart_began) if last_failure_after else None,
        "grids": verify_grids(savers),
    }


def measure_pages(args, base, cookie) -> dict:
    results = {}
    for path in [*FLOORS, *PAGES]:
        wrk(base, path, cookie, argparse.Namespace(**{**vars(args), "duration": 2}))  # warm the workers
        results[path] = wrk(base, path, cookie, args)
    return results


def _floor_of(path):
    return f"{ROWS_FLOOR}?rows={PAGES[path]}" if path in PAGES else None


def report(args, before, after, burst, fault):
    print(f"gunicorn.conf.py (gthread, {os.cpu_count()} cores) on 127.0.0.1 with PostgreSQL {args.version} cluster "
          f"'{args.cluster}' on port {args.port}; wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
          f"'of floor': of the floor that renders as many rows (FLOORS), measured in the same round")
    print(f"{'page':<58} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p50/fl':>7} {'p99/fl':>7} {'non-2xx':>8} "
          f"{'errors':>7} {'of floor':>9} {'of ping':>8}")
    rounds = [("before", before, before), ("after", after, after)]
    rows = [(f"{name}: {path}", f, results.get(_floor_of(path)), results[FLOOR])
            for name, results, _ in rounds for path, f in results.items()]
    rows += [("burst of saves: " + NATIONAL, burst["wrk"], before[_floor_of(NATIONAL)], before[FLOOR]),
             ("PostgreSQL restart: province ranking", fault["wrk"], before[_floor_of(PROVINCE_RANKING)],
              before[FLOOR])]
    for path, f, floor, ping in rows:
        floor = floor or f
        f["ratio_to_floor"] = f["requests_per_s"] / floor["requests_per_s"]
        print(f"{path:<58} {f['requests_per_s']:>8.1f} {f['p50_us'] / 1000:>8.1f} {f['p99_us'] / 1000:>8.1f} "
              f"{f['p50_us'] / floor['p50_us']:>7.2f} {f['p99_us'] / floor['p99_us']:>7.2f} {f['non2xx']:>8} "
              f"{f['socket_errors'] + f['timeouts']:>7} {f['ratio_to_floor']:>9.3f} "
              f"{f['requests_per_s'] / ping['requests_per_s']:>8.3f}")
    missing = {path: numbers for path, numbers in burst["live"].items() if numbers}
    print(f"burst: {burst['saves']} saves over {len(burst['saved'])} regencies, one every {args.save_every} s during "
          f"{args.duration} s; right after it, pages missing a saved figure: {missing or 'none'}")
    back = fault["answers_again_after_database_back_s"]
    print(f"restart at {fault['restart_at_s']:.1f} s took {fault['restart_s']:.2f} s (pg_ctlcluster restart -m fast); "
          f"pages failed for {fault['pages_fail_for_s']:.2f} s and answered again "
          + (f"{back:.2f} s after the database was back" if back is not None else "NEVER (within 60 s)")
          + f", gunicorn not restarted; failures after that: {fault['failures_after_recovery']}")
    g = fault["grids"]
    print(f"grid saves of {g['rows_per_grid']} rows during the run: {g['attempts']} attempts, {g['stored']} stored, "
          f"{g['refused']} failed ({', '.join(g['errors']) or '-'}); partly stored: {len(g['partial'])}; "
          f"reported stored but incomplete: {len(g['stored_but_missing'])}; stored although the save failed "
          f"(commit acknowledged by nobody): {len(g['stored_although_the_save_failed'])}")


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    create_cluster(args)
    database_url = f"postgres://postgres@127.0.0.1:{args.port}/ucj_load"
    static_root = tempfile.mkdtemp(prefix="ucj-load-static-")
    log = Path(tempfile.gettempdir()) / "ucj-load-gunicorn.log"
    server = None
    try:
        env = setup_django(database_url, static_root)
        build(database_url)
        from django.db import connection

        connection.close()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(env, port, log)
        wait_until_up(base, server)
        cookie = sign_in(base)
        before = measure_pages(args, base, cookie)
        burst = burst_run(args, base, cookie)
        after = measure_pages(args, base, cookie)
        fault = fault_run(args, base, cookie)
        report(args, before, after, burst, fault)
        if args.json:
            Path(args.json).write_text(json.dumps(
                {"before": before, "burst": burst, "after": after, "fault": fault}, indent=2, default=str))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep_cluster:
            subprocess.run(["pg_dropcluster", args.version, args.cluster, "--stop"], check=False)


if __name__ == "__main__":
    main()
