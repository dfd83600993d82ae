"""Benchmark: importing a 20,000-row snapshot file (CSV, XLSX) with history, against a floor and a peer.

    .venv/bin/python -m bench.imports                      # PostgreSQL database ucj_bench_h5b (dropped, re-created)
    .venv/bin/python -m bench.imports --sqlite /tmp/i.db   # SQLite file (replaced)

For each file format, on an emptied snapshot table each time, in one run:
- ours: what the upload page and `import_snapshots` do: read and type every cell (imports.py), judge every
  row with the entry rules in bulk (services.snapshots_import_plan, plausibility included), store all rows
  with their history rows (services.snapshots_import);
- floor: read the same file with the bare csv module / openpyxl and `bulk_create_with_history` the rows, with
  no validation at all (and, separately, the bulk insert alone, the file already read);
- peer: django-import-export's default row-by-row import of the same file (a minimal ModelResource keyed on
  regency code and date; each row looked up, saved, and its history row written by django-simple-history).
Also timed: the preview of the same file (every row judged, nothing stored), in wall and CPU seconds. Reported:
the median wall time of --runs runs (the peer: --peer-runs), the ratios, the process's peak memory; see
docs/benchmarks.md. A file at the upload's cap, answered whole, is bench/hostile_files.py's `real_at_cap`.
"""
import argparse
import calendar
import csv
import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROWS = 20_000
FIRST_YEAR = 2019


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", metavar="PATH", help="use this SQLite file instead of PostgreSQL")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/ucj_bench_h5b")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of ours and of the floor (median reported)")
    parser.add_argument("--peer-runs", type=int, default=1, help="timed runs of the row-by-row peer")
    parser.add_argument("--rows", type=int, default=ROWS)
    return parser.parse_args()


def prepare_database(args) -> str:
    if args.sqlite:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(args.sqlite + suffix).unlink(missing_ok=True)
        return f"sqlite:///{os.path.abspath(args.sqlite)}"
    import psycopg

    server, name = args.database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return args.database_url


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def file_rows(regencies, count):
    """Plausible rows, month after month for each regency (no plausibility warning), as the history export has them."""
    months = -(-count // len(regencies))
    rows = []
    for index, regency in enumerate(regencies):
        working_population = 40_000 + (index * 7_919) % 900_000
        level = 25 + (index * 13) % 45
        for month in range(months):
            as_of = month_end(FIRST_YEAR + month // 12, 1 + month % 12)
            participants = working_population * (level * 100 + month * 12) // 10_000
            rows.append((regency.code, regency.name, as_of, participants, working_population, "benchmark"))
    return rows[:count]


COLUMNS = ("code", "regency", "as_of", "participants", "working_population", "source")


def write_files(rows, directory: Path) -> dict[str, Path]:
    from openpyxl import Workbook

    csv_path = directory / "snapshots.csv"
    with csv_path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        # Counts as the Indonesian history export shows them on screen: with dots between thousands.
        writer.writerows((code, name, as_of.isoformat(), f"{p:,}".replace(",", "."), f"{w:,}".replace(",", "."),
                          source) for code, name, as_of, p, w, source in rows)
    xlsx_path = directory / "snapshots.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("snapshots")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)  # a date cell and number cells
    workbook.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def empty_tables():
    from coverage.models import CoverageSnapshot

    CoverageSnapshot.objects.all()._raw_delete(CoverageSnapshot.objects.db)  # no deletion history rows
    CoverageSnapshot.history.all().delete()


def ours(path: Path, user):
    from coverage.imports import reading as imports
    from coverage.imports import services

    with path.open("rb") as file:
        rows = imports.read_snapshot_file(file, max_bytes=None, max_rows=None)
    # As the command and the confirmation of an upload: no trial insert, the write names refused rows.
    plan = services.snapshots_import_plan(rows=rows, by=user, trial=False)
    assert not plan.refused and not plan.implausible, plan.refused[:1] or plan.implausible[:1]
    return services.snapshots_import(plan=plan, by=user, file_name=path.name).created


def preview(path: Path, user):
    """What the upload page shows before anything is stored: every row judged, the trial insert rolled back."""
    from coverage.imports import reading as imports
    from coverage.imports import services
    from coverage.snapshots import batch

    with path.open("rb") as file:
        rows = imports.read_snapshot_file(file, max_bytes=None, max_rows=None)
    plan = services.snapshots_import_plan(rows=rows, by=user, trial=True)
    assert plan.count(batch.CREATE) == len(rows)
    return 0


def bare_rows(path: Path):
    """The file read with no checks at all: the least any import has to do."""
    if path.suffix == ".csv":
        with path.open(newline="") as file:
            for row in csv.DictReader(file):
                yield (row["code"], datetime.date.fromisoformat(row["as_of"]),
                       int(row["participants"].replace(".", "")), int(row["working_population"].replace(".", "")),
                       row["source"])
        return
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    for code, _name, as_of, participants, working_population, source in islice_rows(workbook):
        yield code, as_of.date(), participants, working_population, source
    workbook.close()


def islice_rows(workbook):
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    next(rows)
    return rows


def floor(path: Path, user, rows=None):
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    from coverage.models import CoverageSnapshot, Regency

    regency_ids = dict(Regency.objects.values_list("code", "pk"))
    rows = list(bare_rows(path)) if rows is None else rows
    snapshots = [CoverageSnapshot(regency_id=regency_ids[code], as_of=as_of, participants=participants,
                                  working_population=working_population, source=source, created_by=user,
                                  updated_by=user)
                 for code, as_of, participants, working_population, source in rows]
    with transaction.atomic():
        bulk_create_with_history(snapshots, CoverageSnapshot, batch_size=2000, default_user=user,
                                 default_change_reason=f"bench {path.name}")
    return len(snapshots)


def peer_resource():
    from import_export import fields, resources, widgets

    from coverage.models import CoverageSnapshot, Regency

    class SnapshotResource(resources.ModelResource):
        regency = fields.Field(attribute="regency", column_name="code",
                               widget=widgets.ForeignKeyWidget(Regency, field="code"))

        class Meta:
            model = CoverageSnapshot
            fields = ("regency", "as_of", "participants", "working_population", "source")
            import_id_fields = ("regency", "as_of")

    return SnapshotResource()


def peer(path: Path, user):
    import tablib

    if path.suffix == ".csv":
        # django-import-export reads numbers with Python's int(): give it the plain digits it understands.
        text = path.read_text().splitlines()
        dataset = tablib.Dataset().load("\n".join([text[0], *(_plain(line) for line in text[1:])]), format="csv")
    else:
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = peer_resource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True,
                                         user=user)
    return result.totals["new"]


def _plain(line):
    cells = next(csv.reader([line]))
    cells[3], cells[4] = cells[3].replace(".", ""), cells[4].replace(".", "")
    output = io.StringIO()
    csv.writer(output).writerow(cells)
    return output.getvalue().strip()


def timed(function, *args, cpu: list | None = None):
    """Wall seconds of one call on emptied tables; its CPU seconds appended to `cpu` if given."""
    empty_tables()
    start, start_cpu = time.perf_counter(), time.process_time()
    stored = function(*args)
    elapsed = time.perf_counter() - start
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    from coverage.models import CoverageSnapshot

    assert stored == CoverageSnapshot.objects.count() == CoverageSnapshot.history.count(), stored
    return elapsed


def peak_mb() -> float:
    """This process's peak memory so far (VmHWM)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def main():
    args = parse_args()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ["DATABASE_URL"] = prepare_database(args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    import import_export
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from coverage.models import Regency

    assert not settings.DEBUG
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    user = get_user_model().objects.create_superuser("bench", password="benchmark-password")
    regencies = list(Regency.objects.order_by("code"))
    directory = Path(tempfile.mkdtemp(prefix="ucj-bench-imports-"))
    files = write_files(file_rows(regencies, args.rows), directory)
    print(f"# {connection.vendor} · Python {platform.python_version()} · Django {django.get_version()} · "
          f"django-import-export {import_export.__version__} · {os.cpu_count()} CPUs · {args.rows:,} rows · "
          f"median of {args.runs} runs (peer: {args.peer_runs}) · load average {os.getloadavg()[0]:.1f}")
    print(f"{'file':<5} | {'ours s':>7} | {'floor s':>7} | {'insert s':>8} | {'peer s':>7} | "
          f"{'ours/floor':>10} | {'peer/ours':>9} | {'preview s':>9} | {'preview CPU s':>13} | {'peak MB':>7}")
    for fmt, path in files.items():
        read = list(bare_rows(path))
        times = {"ours": [], "floor": [], "insert": [], "peer": [], "preview": [], "preview_cpu": []}
        for run in range(args.runs):  # interleaved, so that each figure sees the same machine load
            times["ours"].append(timed(ours, path, user))
            times["floor"].append(timed(floor, path, user))
            times["insert"].append(timed(floor, path, user, read))
            times["preview"].append(timed(preview, path, user, cpu=times["preview_cpu"]))
            if run < args.peer_runs:
                times["peer"].append(timed(peer, path, user))
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"{fmt:<5} | {median['ours']:7.2f} | {median['floor']:7.2f} | {median['insert']:8.2f} | "
              f"{median['peer']:7.2f} | {median['ours'] / median['floor']:9.2f}x | "
              f"{median['peer'] / median['ours']:8.1f}x | {median['preview']:9.2f} | {median['preview_cpu']:13.2f} | "
              f"{peak_mb():7.0f}")
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    empty_tables()


if __name__ == "__main__":
    main()
