"""Benchmark: the admin's snapshot list on 616,800 snapshots, before and after issue 15 (see docs/benchmarks.md).

    .venv/bin/python -m bench.admin_list                  # PostgreSQL database ucj_bench_admin (dropped, re-created)
    .venv/bin/python -m bench.admin_list --reuse          # the database of an earlier run, as it is
    .venv/bin/python -m bench.admin_list --sqlite /tmp/b.db

Builds the national dataset of bench/rankings.py with ten times its history (514 regencies x 1,200 cut-offs), each
snapshot's source saying "demo data (benchmark), <its regency>": `demo` matches every row, `Badung` one regency's
1,200. Then measures, signed in as a superuser with DEBUG off, the list's first page, page 3,000 (rows 299,901 to
300,000) and the source filter with a selective and a non-selective term, each as a ratio to the first page of
the same phase, interleaved request by request:

- before: the paginator as it was (OFFSET over the list's joins, filtered lists counted exactly) and the indexes as
  they were (one on the date alone, none on the sources);
- after: the paginator of coverage/admin/paging.py and the indexes of migration 0013.
"""
import argparse
import importlib
import os
import platform
import statistics
import sys
import time

from bench.rankings import EXTRA_DAYS, analyze, count_queries, insert, prepare_database
from bench.rankings import snapshots_for as month_end_snapshots

LIST = "/admin/coverage/coveragesnapshot/"
PATHS = {
    "page 1": LIST,
    "page 3,000": LIST + "?p=3000",
    "source=Badung (1,200 rows)": LIST + "?source=Badung",
    "source=demo (every row)": LIST + "?source=demo",
}
MIGRATION = "coverage.migrations.0013_snapshot_list_indexes"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", metavar="PATH", help="use this SQLite file instead of PostgreSQL")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ucj_bench_admin")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per figure (median reported)")
    parser.add_argument("--reuse", action="store_true", help="measure the database of an earlier run, unbuilt")
    return parser.parse_args()


def snapshots_for(regencies, days_of_month):
    for snapshot in month_end_snapshots(regencies, days_of_month):
        snapshot.source = f"demo data (benchmark), {snapshot.regency.name}"
        yield snapshot


def build():
    """Migrate, load the regions, insert the snapshots (no targets: the list does not read them)."""
    from django.core.management import call_command

    from coverage.models import Regency

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    regencies = list(Regency.objects.order_by("code"))
    start = time.perf_counter()
    built = insert(snapshots_for(regencies, [None])) + insert(snapshots_for(regencies, EXTRA_DAYS))
    analyze()
    print(f"built {built:,} snapshots in {time.perf_counter() - start:.1f} s")


def use_indexes(phase: str):
    """The indexes of the list before migration 0013 (a date index, no trigram index) or after it."""
    from django.db import connection

    migration = importlib.import_module(MIGRATION)
    before = phase == "before"
    old, new = "snapshot_as_of_idx", "snapshot_as_of_regency_idx"
    statements = [
        f"DROP INDEX IF EXISTS {new if before else old}",
        f"CREATE INDEX IF NOT EXISTS {old} ON coverage_coveragesnapshot (as_of)" if before else
        f"CREATE INDEX IF NOT EXISTS {new} ON coverage_coveragesnapshot (as_of, regency_id, id)",
    ]
    if connection.vendor == "postgresql":  # as the migration, which creates no trigram index on SQLite
        statements.append(migration.DROP_INDEX if before else migration.CREATE_INDEX)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("ANALYZE coverage_coveragesnapshot")


def before_paginator():
    """The paginator as it was before issue 15: OFFSET pages with their joins, filtered lists counted exactly."""
    from django.core.paginator import Paginator

    from coverage.admin.paging import EstimatedCountPaginator

    class Before(EstimatedCountPaginator):
        count_cap = None
        page = Paginator.page

    return Before


def timed(client, path):
    """Wall and CPU time (ms) of one request through the whole stack; the page must show rows."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    body = response.content
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == 200 and body.count(b'class="field-regency') >= 100, (path, response.status_code)
    return wall * 1000, cpu * 1000


def measure(client, runs):
    times = {label: [] for label in PATHS}
    for run in range(runs + 2):  # two warm-up rounds
        for label, path in PATHS.items():
            elapsed = timed(client, path)
            if run >= 2:
                times[label].append(elapsed)
    return {label: (statistics.median(w for w, _c in values), statistics.median(c for _w, c in values))
            for label, values in times.items()}


def main():
    args = parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if args.reuse:
        os.environ["DATABASE_URL"] = (f"sqlite:///{os.path.abspath(args.sqlite)}" if args.sqlite
                                      else args.database_url)
    else:
        os.environ["DATABASE_URL"] = prepare_database(args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from coverage.admin.snapshots import CoverageSnapshotAdmin
    from coverage.models import CoverageSnapshot

    assert not settings.DEBUG
    if not args.reuse:
        build()
    user, _ = get_user_model().objects.get_or_create(username="bench_admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    print(f"# {connection.vendor} · Python {platform.python_version()} · Django {django.get_version()} · "
          f"DEBUG={settings.DEBUG} · {os.cpu_count()} CPUs · {CoverageSnapshot.objects.count():,} snapshots · "
          f"median of {args.runs} interleaved requests")

    after = CoverageSnapshotAdmin.paginator
    results = {}
    for phase in ("before", "after"):
        CoverageSnapshotAdmin.paginator = before_paginator() if phase == "before" else after
        use_indexes(phase)
        times = measure(client, args.runs)
        # Counted after the warm-up: the first request after a change of indexes may run one query more.
        results[phase] = times, {label: count_queries(client, path) for label, path in PATHS.items()}
    CoverageSnapshotAdmin.paginator = after

    print(f"{'phase':<6} | {'page':<26} | {'wall ms':>8} | {'ratio':>6} | {'CPU ms':>7} | {'ratio':>6} | queries")
    for phase, (times, queries) in results.items():
        first_wall, first_cpu = times["page 1"]
        for label, (wall, cpu) in times.items():
            print(f"{phase:<6} | {label:<26} | {wall:8.1f} | {wall / first_wall:5.2f}x | {cpu:7.1f} | "
                  f"{cpu / first_cpu:5.2f}x | {queries[label]}")


if __name__ == "__main__":
    main()
