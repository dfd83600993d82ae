"""Benchmark: the ranking page and the history CSV on the national dataset, DEBUG off (see docs/benchmarks.md).

    .venv/bin/python -m bench.rankings                      # PostgreSQL database ucj_bench_h4a (dropped, re-created)
    .venv/bin/python -m bench.rankings --sqlite /tmp/b.db   # SQLite file (replaced)

Builds 514 regencies x 120 month-ends (61,680 snapshots) with targets, measures `/rankings/` with all 514
regencies on one page against the floor (a bare template rendering the same 514 precomputed rows), then
adds nine cut-offs inside every month (616,800 snapshots: ten times the history) and measures again, and
finally streams the CSV of the whole history through coverage/exports.py (rows/s, peak Python memory).
"""
import argparse
import calendar
import datetime
import os
import platform
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal

AS_OF = datetime.date(2025, 12, 31)
FIRST_YEAR, YEARS = 2016, 10  # 120 month-ends: January 2016 .. December 2025
# Ten times the history: nine more cut-offs inside each month, so that every date stays in 2016..2025.
EXTRA_DAYS = (3, 6, 9, 12, 15, 18, 21, 24, 27)
RANKING_PATH = f"/rankings/?as_of={AS_OF.isoformat()}&per_page=600"
FLOOR_PATH = "/bench/floor/"
COLD = "cold"  # the ranking page right after a write (bench/rankings.py measures it as a path of its own)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", metavar="PATH", help="use this SQLite file instead of PostgreSQL")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ucj_bench_h4a")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per measurement (median reported)")
    parser.add_argument("--no-tenfold", action="store_true", help="skip the ten-times-history step")
    return parser.parse_args()


def prepare_database(args) -> str:
    """A fresh, empty throwaway database; returns its URL."""
    if args.sqlite:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(args.sqlite + suffix):
                os.remove(args.sqlite + suffix)
        return f"sqlite:///{os.path.abspath(args.sqlite)}"
    import psycopg

    url = args.database_url
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def snapshots_for(regencies, days_of_month):
    """Made-up but plausible figures: each regency its own size, level and growth; participants <= population."""
    from coverage.models import CoverageSnapshot

    for index, regency in enumerate(regencies):
        working_population = 40_000 + (index * 7_919) % 900_000
        level = 25 + (index * 13) % 45  # percent in January 2016
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            for month in range(1, 13):
                for day in days_of_month:
                    as_of = month_end(year, month) if day is None else datetime.date(year, month, day)
                    months = (year - FIRST_YEAR) * 12 + month - 1
                    percent = min(Decimal(99), level + Decimal(months) / 8 + Decimal(day or 31) / 400)
                    yield CoverageSnapshot(
                        regency=regency, as_of=as_of, working_population=working_population,
                        participants=int(working_population * percent / 100), source="benchmark",
                    )


def insert(snapshots, batch=10_000):
    from django.db import transaction

    from coverage.models import CoverageSnapshot

    count, buffer = 0, []
    with transaction.atomic():
        for snapshot in snapshots:
            buffer.append(snapshot)
            if len(buffer) == batch:
                CoverageSnapshot.objects.bulk_create(buffer)
                count, buffer = count + len(buffer), []
        CoverageSnapshot.objects.bulk_create(buffer)
    return count + len(buffer)


def analyze():
    """Fresh planner statistics (and, on PostgreSQL, a vacuumed table) before anything is measured."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def build_national_dataset():
    """Migrate, load the regions, add 120 month-ends per regency and the targets: (regencies, snapshots built)."""
    from django.core.management import call_command

    from coverage.models import Regency

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    regencies = list(Regency.objects.order_by("code"))
    start = time.perf_counter()
    built = insert(snapshots_for(regencies, [None]))
    add_targets(regencies)
    analyze()
    print(f"built {built:,} snapshots for {len(regencies)} regencies in {time.perf_counter() - start:.1f} s")
    return regencies, built


def clone_database(args, source_url) -> str:
    """A copy of the measured database, to which the ten-times history is added: both are measured side by side."""
    from django.db import connection

    connection.close()
    if args.sqlite:
        import shutil

        copy = args.sqlite + ".tenfold"
        shutil.copyfile(args.sqlite, copy)
        return copy
    import psycopg

    server, name = source_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}_tenfold"')
        admin.execute(f'CREATE DATABASE "{name}_tenfold" TEMPLATE "{name}"')
    return f"{name}_tenfold"


def use_database(name):
    """Point the default connection at another database; the next request connects to it."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def add_targets(regencies):
    from coverage.models import Province, Target

    targets = [Target(province=province, year=AS_OF.year, percent=Decimal("55.00") + province.pk % 20)
               for province in Province.objects.all()]
    # Every seventh regency has a target of its own, the others fall back to their province's.
    targets += [Target(regency=r, year=AS_OF.year, percent=Decimal("60.00")) for r in regencies[::7]]
    Target.objects.bulk_create(targets)


def timed(client, path):
    """Wall and CPU time (ms) of one request through the whole Django stack (middleware, session, view, template).

    CPU time is this process's: it leaves out the database server's work and the time spent waiting for a CPU,
    so it is the steadier figure on a busy machine; wall time includes both.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    body = response.content
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == 200 and len(body) > 10_000, (path, response.status_code)
    return wall * 1000, cpu * 1000


def count_queries(client, path):
    from django.db import connection

    queries = []
    # Counted with a wrapper: the request handler resets the query log that CaptureQueriesContext reads.
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(path)
    return len(queries)


def measure(client, databases, runs):
    """Timings of the ranking page and the floor on each database, interleaved request by request.

    Interleaving keeps every figure under the same machine load (other processes, caches), so that the ratios
    compare like with like. Returns {(database, path): {"wall": median, "wall_min": min, "cpu": median}}.
    """
    from django.db.models import F

    from bench import urls
    from coverage.models import DataVersion
    from coverage.rankings.selectors import regency_ranking

    times = {(name, path): [] for name in databases for path in (RANKING_PATH, COLD, FLOOR_PATH)}
    floor_rows = {}
    for name in databases:
        use_database(name)
        floor_rows[name] = regency_ranking(as_of=AS_OF)
    for run in range(runs + 2):  # two warm-up rounds
        for name in databases:
            use_database(name)
            urls.FLOOR_ROWS[:] = floor_rows[name]
            for path in (RANKING_PATH, COLD, FLOOR_PATH):
                if path == COLD:  # as after a save: the data version moves on, nothing cached applies
                    DataVersion.objects.filter(pk=1).update(number=F("number") + 1)
                elapsed = timed(client, RANKING_PATH if path == COLD else path)
                if run >= 2:
                    times[name, path].append(elapsed)
    return {
        key: {
            "wall": statistics.median(wall for wall, _cpu in values),
            "wall_min": min(wall for wall, _cpu in values),
            "cpu": statistics.median(cpu for _wall, cpu in values),
        }
        for key, values in times.items()
    }


def print_cache_memory(client):
    """What the cache holds once every ranking page of the national dataset was read in both languages: the
    national regency ranking (all 514 on one page, and its first page of 50), each province's, the province
    ranking, the overview, each province's page."""
    from django.core.cache import cache

    from coverage.models import Province

    cache.clear()
    as_of = f"as_of={AS_OF.isoformat()}"
    codes = list(Province.objects.values_list("code", flat=True))
    paths = [RANKING_PATH, f"/rankings/?{as_of}", f"/rankings/provinces/?{as_of}", f"/?{as_of}",
             *(f"/rankings/?province={code}&{as_of}" for code in codes),
             *(f"/provinces/{code}/?{as_of}" for code in codes)]
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        for path in paths:
            assert client.get(path).status_code == 200, path
    client.cookies.pop("django_language")
    # LocMemCache keeps each value pickled: their lengths are what the cache holds (Redis would hold the same).
    sizes = [len(value) for value in cache._cache.values()]
    print(f"cache after {len(paths)} pages in both languages: {len(sizes)} entries, {sum(sizes) / 1e6:.1f} MB "
          f"(largest {max(sizes) / 1e3:.0f} KB)")


def export_history(trace_memory=False):
    from coverage.history import selectors
    from coverage.web import exports

    # The same rows, in the same order, as /history/?_export=csv without filters.
    rows = selectors.history_export_rows(selectors.history_snapshots())
    if trace_memory:
        tracemalloc.start()
    start = time.perf_counter()
    response = exports.csv_response(columns=selectors.HISTORY_COLUMNS, rows=rows, filename="bench")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else None
    if trace_memory:
        tracemalloc.stop()
    return lines - 1, elapsed, size, peak


def main():
    args = parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    url = prepare_database(args)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client


    assert not settings.DEBUG
    regencies, built = build_national_dataset()
    client = Client()
    client.force_login(get_user_model().objects.create_user("bench", password="benchmark-password"))
    base = connection.settings_dict["NAME"]
    databases = [base]

    if not args.no_tenfold:
        start = time.perf_counter()
        tenfold = clone_database(args, url)
        use_database(tenfold)
        built += insert(snapshots_for(regencies, EXTRA_DAYS))
        analyze()
        databases.append(tenfold)
        print(f"copied and grew to {built:,} snapshots in {time.perf_counter() - start:.1f} s")

    print(f"# {connection.vendor} · Python {platform.python_version()} · Django {django.get_version()} · "
          f"DEBUG={settings.DEBUG} · {os.cpu_count()} CPUs · median of {args.runs} interleaved requests")
    times = measure(client, databases, args.runs)
    print(f"{'snapshots':>9} | {'measure':<18} | {'/rankings/ ms':>13} | {'after a save':>12} | {'floor ms':>8} | "
          f"{'ratio':>6} | {'after a save':>12}")
    for name, label in zip(databases, ("61,680", "616,800"), strict=False):
        for measure_name, key in (("wall time, median", "wall"), ("wall time, minimum", "wall_min"),
                                  ("CPU time, median", "cpu")):
            page, cold, floor = (times[name, path][key] for path in (RANKING_PATH, COLD, FLOOR_PATH))
            print(f"{label:>9} | {measure_name:<18} | {page:13.1f} | {cold:12.1f} | {floor:8.1f} | "
                  f"{page / floor:5.2f}x | {cold / floor:11.2f}x")
    print_cache_memory(client)
    use_database(base)
    print(f"/rankings/ runs {count_queries(client, RANKING_PATH)} queries with either history")
    if len(databases) == 2:
        for measure_name, key in (("wall time, median", "wall"), ("wall time, minimum", "wall_min"),
                                  ("CPU time, median", "cpu")):
            growth = times[databases[1], RANKING_PATH][key] / times[base, RANKING_PATH][key]
            print(f"ten times the history: /rankings/ costs {growth:.2f}x ({measure_name})")
    use_database(databases[-1])  # the export reads the longest history there is

    rows, elapsed, size, _ = export_history()
    print(f"history CSV: {rows:,} rows, {size / 1e6:.1f} MB in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s")
    rows, elapsed, size, peak = export_history(trace_memory=True)
    print(f"history CSV under tracemalloc: peak Python memory {peak / 1e6:.1f} MB for {rows:,} rows "
          f"({size / 1e6:.1f} MB of CSV)")


if __name__ == "__main__":
    main()
