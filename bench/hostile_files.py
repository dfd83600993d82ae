"""Benchmark: spreadsheets built to cost a server, and real ones at the upload's cap, each answered in a fresh process.

    .venv/bin/python -m bench.hostile_files                    # the guard, and openpyxl's path before it
    .venv/bin/python -m bench.hostile_files --before-limit 0   # the guard only
    .venv/bin/python -m bench.hostile_files --only far_row,real_at_cap

Each file (all within the 10 MB upload limit, built for the upload's cap, the setting UPLOAD_MAX_ROWS) is written
to a temporary folder, then read by a child process with `imports.read_snapshot_file` and the upload's limits
("after"), and by what that function did before coverage/imports/xlsx_guard.py: openpyxl's read-only rows, blank
rows skipped before the row cap ("before"; stopped after --before-limit seconds). The real files (`real_*`, rows
as the history export writes them, for regencies that exist) are also judged as the preview judges them
(`services.snapshots_import_plan`), and then answered whole: posted to the admin's snapshot import by a
superuser, as a browser would (read, judged, kept, the preview page rendered). They are judged against a database
of the 514 regencies (SQLite in the temporary folder unless --database-url): as new figures (`real_at_cap`), as
corrections of every row (`real_at_cap_corrections`: the same rows are stored first, one less participant
each) and with two columns swapped (`real_at_cap_swapped`: every row breaks a rule of the database).
Reported per file: the answer, CPU seconds of reading, judging and the whole answer, the child's peak memory
(VmHWM) and what the work added to the memory of the process before it (Django, openpyxl and the app loaded);
then the ratios: before / after (wall seconds of reading), and each file's reading CPU time against the real file at
the cap.
The aim (docs/benchmarks.md): every file answered within 5 s and 200 MB.
"""
import argparse
import datetime
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

UPLOAD_BYTES = 10 * 1024 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ("code", "regency", "province", "as_of", "participants", "working_population", "coverage_pct", "pu",
          "bpu", "jakon", "pmi", "source", "status")
STYLES = (f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill/></fill>'
          '</fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
          '<cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs><cellStyles count="1">'
          '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def header_row() -> str:
    return '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER) + "</row>"


def repeat(piece: str, times: int, batch: int = 100_000):
    for done in range(0, times, batch):
        yield piece * min(batch, times - done)


def workbook(path: Path, sheet, strings=None, styles=STYLES, extra_parts=0, sheet_head=""):
    """A minimal XLSX: `sheet` and `strings` are the <sheetData> and <sst> contents, as strings or pieces."""
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet"),
                 ("/xl/styles.xml", "styles")] + ([("/xl/sharedStrings.xml", "sharedStrings")] if strings else [])
    types = "".join(f'<Override PartName="{name}" ContentType="application/vnd.openxmlformats-officedocument.'
                    f'spreadsheetml.{kind}+xml"/>' for name, kind in overrides)
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                         'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                         f"{types}</Types>")
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="'
                         f'{relation}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{relation}"><sheets><sheet '
                         'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
                         f'Type="{relation}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
                         f'Type="{relation}/styles" Target="styles.xml"/><Relationship Id="rId3" '
                         f'Type="{relation}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        archive.writestr("xl/styles.xml", styles)
        write_part(archive, "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}">{sheet_head}<sheetData>', sheet,
                   "</sheetData></worksheet>")
        if strings:
            write_part(archive, "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">', strings, "</sst>")
        for number in range(extra_parts):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")


def write_part(archive, name, head, body, tail):
    with archive.open(name, "w", force_zip64=True) as part:
        part.write(head.encode())
        for piece in [body] if isinstance(body, str) else body:
            part.write(piece.encode())
        part.write(tail.encode())


def real_rows(count: int, codes: list[str], note: str = "", swapped: bool = False):
    """The history export's layout (13 columns, text inline, a date cell), as openpyxl's write-only mode saves it;
    with a note, a 14th column. Each regency's month ends one after another from January 2014 (plausible moves);
    `swapped`: participants and working population change places."""
    months = -(-count // len(codes))
    for line in range(2, count + 2):
        index, month = divmod(line - 2, months)
        working_population = 40_000 + (index * 7_919) % 900_000
        participants = working_population * (2_500 + (index * 13) % 4_500 + month * 12) // 10_000
        year, month_of_year = 2014 + month // 12, month % 12 + 1
        month_end = datetime.date(year + month_of_year // 12, month_of_year % 12 + 1, 1) - datetime.timedelta(days=1)
        as_of = (month_end - datetime.date(1899, 12, 30)).days  # Excel's day number (date style 1)
        counts = (working_population, participants) if swapped else (participants, working_population)
        text = [codes[index], f"Kabupaten {index}", "Provinsi"]
        yield (f'<row r="{line}">' + "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in text)
               + f'<c s="1"><v>{as_of}</v></c><c><v>{counts[0]}</v></c><c><v>{counts[1]}</v></c>'
               '<c t="inlineStr"><is><t>50.00</t></is></c>'
               + "".join(f"<c><v>{value}</v></c>"
                         for value in (participants // 2, participants - participants // 2, 0, 0))
               + '<c t="inlineStr"><is><t>BPJS</t></is></c><c t="inlineStr"><is><t>submitted</t></is></c>'
               + (f'<c t="inlineStr"><is><t>{note}</t></is></c>' if note else "") + "</row>")


def batched(rows, size=5_000):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield "".join(batch)
            batch = []
    yield "".join(batch)


def real_file(path, cap, codes, **options):
    head = header_row() if "note" not in options else header_row().replace(
        "</row>", '<c t="inlineStr"><is><t>note</t></is></c></row>')
    workbook(path, [head, *batched(real_rows(cap, codes, **options))])


# name: (what it is, how it is built); a builder writes the file at the path it is given, for the cap and the
# regencies' codes it is given. "At the cap": rows up to the cap and the hundred forgiven above the header.
FILES = {
    "far_row": ("the issue's file: its second row is numbered 99,999,999,999",
                lambda path, cap, codes: workbook(path, header_row() + '<row r="99999999999"><c><v>1</v></c></row>')),
    "last_sheet_row": ("its second row is a sheet's last, 1,048,576",
                       lambda path, cap, codes: workbook(path, header_row()
                                                         + '<row r="1048576"><c><v>1</v></c></row>')),
    "empty_rows": ("10 million empty rows, unnumbered: 60 MB of sheet XML",
                   lambda path, cap, codes: workbook(path, repeat("<row/>", 10_000_000))),
    "empty_rows_110mb": ("10 million empty rows written <row></row>: 110 MB of sheet XML",
                         lambda path, cap, codes: workbook(path, repeat("<row></row>", 10_000_000))),
    "shared_strings": ("10 million shared strings: 170 MB",
                       lambda path, cap, codes: workbook(path, header_row(),
                                                         strings=repeat("<si><t>x</t></si>", 10_000_000))),
    "empty_strings": ("10 million empty shared strings: 50 MB, within the size limit",
                      lambda path, cap, codes: workbook(path, header_row(), strings=repeat("<si/>", 10_000_000))),
    "cells": ("rows of 40 empty cells up to the cap, within the size limit",
              lambda path, cap, codes: workbook(path, repeat("<row>" + "<c/>" * 40 + "</row>", cap + 100, 10_000))),
    "wide_rows": ("rows up to the cap, each a cell in column XFD",
                  lambda path, cap, codes: workbook(path, repeat('<row><c r="XFD1"><v>1</v></c></row>', cap + 100))),
    "deep": ("a cell nesting 10 million elements",
             lambda path, cap, codes: workbook(path, header_row() + '<row><c>' + "<x>" * 10_000_000)),
    "long_tag": ("a row tag of 3 million attributes",
                 lambda path, cap, codes: workbook(path, header_row() + "<row " + "".join(
                     f'a{n}="" ' for n in range(3_000_000)) + "/>")),
    "long_text": ("a cell of 50 million characters",
                  lambda path, cap, codes: workbook(path, header_row() + '<row><c t="inlineStr"><is><t>'
                                                    + "x" * 50_000_000 + "</t></is></c></row>")),
    "styles": ("1 MB of cell styles (the most a part other than the sheet may hold)",
               lambda path, cap, codes: workbook(path, header_row(), styles=STYLES.replace(
                   "</cellXfs>", '<xf numFmtId="14"/>' * 55_000 + "</cellXfs>"))),
    "deep_styles": ("styles nested 140,000 deep (1 MB)",
                    lambda path, cap, codes: workbook(path, header_row(), styles=STYLES.replace(
                        "</styleSheet>", "<extLst>" + "<x>" * 140_000 + "</x>" * 140_000 + "</extLst></styleSheet>"))),
    "many_parts": ("60,000 parts in the zip",
                   lambda path, cap, codes: workbook(path, header_row(), extra_parts=60_000)),
    "real_at_cap": ("a real upload at the cap: the history export's 13 columns, new figures",
                    lambda path, cap, codes: real_file(path, cap, codes)),
    "real_at_cap_corrections": ("the same file, every row correcting a stored figure",
                                lambda path, cap, codes: real_file(path, cap, codes)),
    "real_at_cap_swapped": ("the same, participants and working population swapped: every row refused",
                            lambda path, cap, codes: real_file(path, cap, codes, swapped=True)),
    "real_at_cap_notes": ("the same new figures with a note of 350 characters in every row",
                          lambda path, cap, codes: real_file(path, cap, codes, note="Catatan " * 44)),
    "csv_blank_lines": ("a CSV: a header, then 10 million blank lines",
                        lambda path, cap, codes: path.write_bytes(b"code,as_of,participants,working_population\n"
                                                                  + b"\n" * 10_000_000)),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-limit", type=float, default=20.0,
                        help="seconds before openpyxl's path is stopped (0: do not run it)")
    parser.add_argument("--only", help="comma-separated file names")
    parser.add_argument("--runs", type=int, default=1,
                        help="answers of each file with the guard; the one of median CPU time is reported")
    parser.add_argument("--database-url", help="the database the real files are judged against (default: a "
                        "new SQLite file in the temporary folder), emptied of snapshots")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--measure", nargs=2, metavar=("HOW", "PATH"), help=argparse.SUPPRESS)
    return parser.parse_args()


def setup_django():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def prepare_database(directory: Path, url: str | None) -> list[str]:
    """The regions and a superuser in the database the children judge against; the regencies' codes."""
    os.environ["DATABASE_URL"] = url or f"sqlite:///{directory / 'bench.sqlite3'}"
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from coverage.models import Regency

    call_command("migrate", verbosity=0)
    call_command("load_regions", stdout=io.StringIO())
    get_user_model().objects.filter(username="bench").delete()
    get_user_model().objects.create_superuser("bench", password="benchmark-password")
    return list(Regency.objects.order_by("code").values_list("code", flat=True))


def read_after(path: Path) -> str:
    from coverage.imports import reading as imports

    with path.open("rb") as file:
        try:
            return f"{len(imports.read_snapshot_file(file))} rows read"
        except imports.FileRefused as refused:
            return f"refused: {refused.code}"


def read_before(path: Path) -> str:
    """What imports.read_snapshot_file did before the guard, with the same upload limits."""
    from openpyxl import load_workbook

    from coverage.imports import reading as imports

    with path.open("rb") as file:
        if file.read(4) != imports.XLSX_MAGIC:
            file.seek(0)
            rows = imports._csv_rows(file)
        else:
            rows = load_workbook(file, read_only=True).worksheets[0].iter_rows(values_only=True)
        header, table = None, []
        for line, cells in enumerate(rows, start=1):
            if not any(cell not in (None, "") for cell in cells):
                continue  # blank rows were skipped before the row cap was checked
            if header is None:
                header, header_line = [str(cell or "").strip().lower() for cell in cells], line
            elif line - header_line > imports.upload_max_rows():
                return "refused: too_many_rows"
            else:
                table.append((line, dict(zip(header, cells, strict=False))))
        try:
            rows = imports.require_rows(imports.snapshot_rows(imports.filled_in(table)))
        except imports.FileRefused as refused:
            return f"refused: {refused.code}"
        return f"{len(rows)} rows read"


def answer_real(name: str, path: Path, floor: float) -> dict:
    """A real file: read, judged as the preview judges it, then answered whole as the admin's import answers it."""
    import gc

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from coverage.imports import reading as imports
    from coverage.imports import services
    from coverage.models import CoverageSnapshot

    CoverageSnapshot.objects.all()._raw_delete(CoverageSnapshot.objects.db)  # no deletion history rows
    CoverageSnapshot.history.all().delete()
    user = get_user_model().objects.get(username="bench")
    if name.endswith("_corrections"):  # the figures it corrects: one participant less each, stored first
        with path.open("rb") as file:
            stored = imports.read_snapshot_file(file)
        for row in stored:
            row.values["participants"] -= 1
            row.values["bpu"] -= 1
        services.snapshots_import(plan=services.snapshots_import_plan(rows=stored, by=user, trial=False), by=user,
                                  file_name="stored")
        del stored
    gc.collect()
    figures = {"floor_mb": floor}
    wall, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as file:
        rows = imports.read_snapshot_file(file)
    figures.update(read_cpu=time.process_time() - cpu, wall=time.perf_counter() - wall)  # as "before" only reads
    cpu = time.process_time()
    plan = services.snapshots_import_plan(rows=rows, by=user)
    figures["judge_cpu"] = time.process_time() - cpu
    verdicts = {action: plan.count(action) for action in ("create", "change", "unchanged", "refused")}
    del rows, plan
    gc.collect()
    client = Client()
    client.force_login(user)
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.post(reverse("admin:coverage_coveragesnapshot_import"), {
        "preview": "1", "file": SimpleUploadedFile(path.name, path.read_bytes())}, HTTP_ACCEPT_LANGUAGE="id")
    figures.update(answer_cpu=time.process_time() - cpu, answer_wall=time.perf_counter() - wall,
                   page_kb=len(response.content) // 1024,
                   answer=" ".join(f"{count} {action}" for action, count in verdicts.items() if count))
    assert response.status_code == 200, response.status_code
    return figures


def measure(how: str, path: Path):
    """In the child: load everything, note the memory, answer the file, print the figures as JSON."""
    setup_django()
    import openpyxl  # noqa: F401  (loaded before the memory floor is noted, as a worker has it)

    import coverage.imports
    import coverage.imports.xlsx_guard  # noqa: F401

    floor = peak_of(os.getpid())
    if how == "after" and path.stem.startswith("real"):
        figures = answer_real(path.stem, path, floor)
        print(json.dumps({**figures, "cpu": figures["read_cpu"], "peak_mb": peak_of(os.getpid())}))
        return
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        answer = (read_after if how == "after" else read_before)(path)
    except Exception as error:  # before the guard, a server error: what the issue is about
        answer = f"error: {type(error).__name__}"
    print(json.dumps({"answer": answer, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                      "peak_mb": peak_of(os.getpid()), "floor_mb": floor}))


def run(how: str, path: Path, limit: float | None) -> dict:
    child = subprocess.Popen([sys.executable, "-m", "bench.hostile_files", "--measure", how, str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        output, _ = child.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        peak = peak_of(child.pid)
        child.kill()
        child.communicate()
        return {"answer": f"stopped after {limit:.0f} s", "wall": limit, "cpu": None, "peak_mb": peak,
                "floor_mb": None}
    return json.loads(output.strip().splitlines()[-1])


def peak_of(pid: int) -> float | None:
    """A process's peak memory (VmHWM; ru_maxrss would include its parent's peak from before the exec)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kilobytes = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return int(kilobytes) / 1024 if kilobytes else None


def seconds(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def main():
    args = parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]))
        return
    names = args.only.split(",") if args.only else list(FILES)
    directory = Path(tempfile.mkdtemp(prefix="ucj-bench-hostile-"))
    codes = prepare_database(directory, args.database_url)
    from django.conf import settings
    from django.db import connection

    cap = settings.UPLOAD_MAX_ROWS
    print(f"# Python {platform.python_version()} · {connection.vendor} · {os.cpu_count()} CPUs · upload cap "
          f"{cap:,} rows · before stopped after {args.before_limit:.0f} s · load average "
          f"{os.getloadavg()[0]:.1f} at the start", flush=True)
    print(f"{'file':<24} {'zipped':>9} | {'after: answer':<34} {'read':>5} {'judge':>5} {'whole':>5} "
          f"{'peak MB':>7} {'+MB':>5} | {'before: answer':<24} {'wall s':>7} {'peak MB':>7}   (CPU s)")
    figures = {}
    for name in names:
        path = directory / (name + (".csv" if name.startswith("csv") else ".xlsx"))
        FILES[name][1](path, cap, codes)
        size = path.stat().st_size
        assert size <= UPLOAD_BYTES, (name, size)
        runs = sorted((run("after", path, None) for _ in range(args.runs)), key=lambda figures: figures["cpu"])
        after = runs[len(runs) // 2]
        before = run("before", path, args.before_limit) if args.before_limit else None
        figures[name] = {"what": FILES[name][0], "bytes": size, "after": after, "before": before}
        shown = before or {"answer": "-", "wall": float("nan"), "peak_mb": None}
        print(f"{name:<24} {size / 1024:7.0f} K | {after['answer']:<34} {after['cpu']:5.2f} "
              f"{seconds(after.get('judge_cpu')):>5} {seconds(after.get('answer_cpu')):>5} {after['peak_mb']:7.0f} "
              f"{after['peak_mb'] - after['floor_mb']:5.0f} | {shown['answer']:<24} {shown['wall']:7.2f} "
              f"{shown['peak_mb'] or float('nan'):7.0f}", flush=True)
        path.unlink()
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    print_ratios(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
def print_ratios(figures: dict):
    """Ratios, steadier than seconds on a shared machine: before / after (wall), and after against a real file
    at the cap (CPU: what the reading itself took, whatever else ran on the machine)."""
    real = figures.get("real_at_cap", {}).get("after", {}).get("cpu")
    print(f"\n{'file':<24} | {'before / after':>14} | {'after / real_at_cap (CPU)':>25}")
    for name, figure in figures.items():
        after, before = figure["after"], figure["before"]
        if before is None:
            speedup = "-"
        else:
            stopped = before["cpu"] is None
            ratio = before["wall"] / max(after["wall"], 0.001)
            speedup = ((">" if stopped else "") + (f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"))
        share = f"{after['cpu'] / real:.2f}x" if real else "-"
        print(f"{name:<24} | {speedup:>14} | {share:>25}")


if __name__ == "__main__":
    main()
