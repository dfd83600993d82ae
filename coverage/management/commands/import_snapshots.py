"""Load a large snapshot file (CSV or XLSX) with the entry pages' rules and history, all or nothing."""
from itertools import islice
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from coverage.imports import reading, services
from coverage.places import access
from coverage.snapshots import batch

CHUNK_ROWS = 5000
SHOWN_REFUSALS = 50


class DryRun(Exception):
    """Rolls back the transaction of a dry run (or of a refused file) after everything was judged."""


class Command(BaseCommand):
    help = ("Import snapshots from a CSV or XLSX file with the columns code, as_of, participants, "
            "working_population[, pu, bpu, jakon, pmi, source, note]. Nothing is stored if any row is refused.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="Who imports: the user recorded in the history.")
        parser.add_argument("--dry-run", action="store_true", help="Judge every row and store nothing.")
        parser.add_argument("--only-valid", action="store_true",
                            help="Store the valid rows even if others are refused.")
        parser.add_argument("--implausible-note", default="",
                            help="Accept figures that moved far from the previous ones, with this note why.")
        parser.add_argument("--approved", action="store_true",
                            help="Store the figures approved (a historical load); the user must be a supervisor.")

    def handle(self, *args, file, user, dry_run, only_valid, implausible_note, approved, **options):
        try:
            by = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {user!r}.") from None
        if approved and not by.has_perm(access.REVIEW):
            raise CommandError(f"{user} may not approve figures: only a supervisor stores them with --approved.")
        try:
            handle = file.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot open {file}: {error.strerror}.") from None
        with handle:
            total = _row_estimate(handle)
            try:
                summary = self._import(handle, file.name, by, dry_run=dry_run, only_valid=only_valid,
                                       implausible_note=implausible_note, approved=approved, total=total)
            except ValidationError as error:  # FileRefused: the file as a whole
                raise CommandError(" ".join(error.messages)) from None
        created, changed, unchanged, refused = summary["counts"]
        verdict = "Dry run, nothing stored" if dry_run else ("Refused, nothing stored" if summary["rolled_back"]
                                                            else "Stored")
        line = (f"{verdict}: {created} to create, {changed} to change, {unchanged} unchanged, {refused} refused."
                if dry_run or summary["rolled_back"] else
                f"{verdict}: {created} created, {changed} changed, {unchanged} unchanged, {refused} skipped.")
        for message in summary["refusals"][:SHOWN_REFUSALS]:
            self.stderr.write(message)
        if len(summary["refusals"]) > SHOWN_REFUSALS:
            self.stderr.write(f"... and {len(summary['refusals']) - SHOWN_REFUSALS} more refused rows.")
        if summary["rolled_back"] and not dry_run:
            raise CommandError(line)
        self.stdout.write(self.style.SUCCESS(line) if not refused else line)

    def _import(self, handle, name, by, *, dry_run, only_valid, implausible_note, approved, total):
        counts = [0, 0, 0, 0]
        refusals, seen = [], {}
        rows = reading.filled_in(reading.open_table(handle, name=name, max_bytes=None, max_rows=None))
        progress = tqdm(total=total, unit=" rows", disable=None)
        rolled_back = False
        try:
            with transaction.atomic():
                any_row = False
                while chunk := list(islice(rows, CHUNK_ROWS)):
                    any_row = True
                    # No trial insert: the write itself names the rows that the database refuses.
                    plan = services.snapshots_import_plan(
                        rows=reading.snapshot_rows(chunk), by=by, seen=seen,
                        trial=False)
                    unconfirmed = set() if implausible_note.strip() else {id(line) for line in plan.implausible}
                    # Each chunk's valid rows are stored at once so that the next chunk's plausibility
                    # check sees them; the whole transaction is undone below if the file is refused.
                    result = services.snapshots_import(plan=plan, by=by, file_name=name, only_valid=True,
                                                       implausible_note=implausible_note, approve=approved)
                    for line in plan.rows:
                        if line.action == batch.REFUSED or id(line) in unconfirmed:
                            reasons = line.errors or line.warnings
                            refusals.append(f"row {line.line} ({line.code}): {'; '.join(reasons)}")
                    for index, value in enumerate([result.created, result.changed, result.unchanged,
                                                   result.skipped]):
                        counts[index] += value
                    progress.update(len(chunk))
                if not any_row:
                    reading.require_rows([])
                if dry_run or (refusals and not only_valid):
                    raise DryRun
        except DryRun:
            rolled_back = True
        finally:
            progress.close()
        return {"counts": counts, "refusals": refusals, "rolled_back": rolled_back}


def _row_estimate(handle) -> int | None:
    """The number of data rows of a CSV, for the progress bar (an XLSX says it only when read)."""
    if handle.read(4) == reading.XLSX_MAGIC:
        handle.seek(0)
        return None
    handle.seek(0)
    lines = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    handle.seek(0)
    return max(lines - 1, 0)
