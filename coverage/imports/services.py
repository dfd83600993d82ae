"""Imports of snapshot and target files: judge every row (the preview, a dry run), then store all or the valid ones.

Snapshot rows go through the one batch checker (snapshots/batch.py) with the entry pages' rules; target rows
through the Target model's rules. Either way a preview takes a fixed number of queries however long the file.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from simple_history.utils import bulk_create_with_history

from coverage import reasons
from coverage.imports.reading import ImportRow
from coverage.models import Province, Regency, Target
from coverage.places import access
from coverage.snapshots import batch
from coverage.snapshots.batch import CHANGE, CREATE, UNCHANGED, Batch, Row
from coverage.snapshots.services import with_changes


class ImportRefused(ValidationError):
    """Nothing of the file was stored; `plan` holds every row's verdict."""

    def __init__(self, message, *, code, plan: Batch | None = None, params=None):
        super().__init__(message, code=code, params=params)
        self.plan = plan


@dataclass(frozen=True)
class ImportResult:
    created: int
    changed: int
    unchanged: int
    skipped: int


def _row(read: ImportRow) -> Row:
    """A row as read from a file, with the problems of its cells (if any) as its refusal."""
    problems = read.messages()
    return Row(line=read.line, code=read.code, values=read.values,
               refusal=ValidationError(problems) if problems else None)


def _stale(refused: list[Row]) -> ImportRefused:
    if any(line.action == CHANGE or line.stored is not None for line in refused):
        message = _("Someone corrected one of these snapshots since the preview; nothing was stored. Upload the "
                    "file again to see the new preview.")
    else:
        message = _("Someone stored figures for these regencies since the preview; nothing was stored. Upload "
                    "the file again to see the new preview.")
    return ImportRefused(message, code="stale")


def snapshots_import_plan(*, rows: list[ImportRow], by, seen: dict | None = None, trial: bool = True) -> Batch:
    """Judge every row of a snapshot file with the entry pages' rules, storing nothing.

    A row for a regency and date already stored corrects it; an empty `source` or `note` leaves the stored
    one as it is. Figures that moved far are only warned of here: the whole file's confirmation comes with
    the store. `seen` and `trial` are the batch checker's (snapshots/batch.py: judge).
    """
    lines = []
    for read in rows:
        line = _row(read)
        line.values = {name: value for name, value in read.values.items()
                       if not (name in ("source", "note") and value == "")}
        lines.append(line)
    # The reason of every row is the file, given when it is stored.
    plan = batch.judge(lines, by=by, correct_stored=True, reasons_required=False, trial=trial, seen=seen)
    for line, read in zip(plan.rows, rows, strict=True):
        line.values = read.values  # the preview shows the row as read
    return plan


def _refused_rows(plan: Batch, *, only_valid: bool) -> list[Row]:
    """The refused rows, which stop the whole file unless the user chose to store only the valid ones."""
    refused = plan.refused
    if refused and not only_valid:
        raise ImportRefused(
            ngettext_lazy("%(count)d row was refused; nothing was stored.",
                          "%(count)d rows were refused; nothing was stored.", "count"),
            code="rows_refused", plan=plan, params={"count": len(refused)})
    return refused


@transaction.atomic
def snapshots_import(*, plan: Batch, by, file_name: str, only_valid: bool = False, implausible_note: str = "",
                     approve: bool = False) -> ImportResult:
    """Store what a plan would: all its rows, or (with `only_valid`) those not refused; never a part by accident.

    Rows whose figures moved too far need `implausible_note` (why), which becomes their note if they have none.
    With `approve` (historical loads, only by someone who may review) the figures are stored approved. The
    history of every row records who imported it, from which file, and whether it was approved on import.
    """
    if approve and not by.has_perm(access.REVIEW):
        raise ImportRefused(_("Only a supervisor may store figures approved."), code="approve_not_allowed")
    unconfirmed = plan.implausible if not implausible_note.strip() else []
    if unconfirmed and not only_valid and not plan.constraints_checked:
        # The file is refused either way: first name the rows the database refuses, as the preview did, so that
        # the page shows the same verdicts and the refusal that matters first.
        plan.check_constraints()
        unconfirmed = plan.implausible
    refused = _refused_rows(plan, only_valid=only_valid)
    if unconfirmed and not only_valid:
        raise ImportRefused(
            ngettext_lazy("%(count)d row moved too far from the previous figures: confirm it and say why.",
                          "%(count)d rows moved too far from the previous figures: confirm them and say why.",
                          "count"),
            code="implausible", plan=plan, params={"count": len(unconfirmed)})
    skip = {id(line) for line in unconfirmed}
    writing = [line for line in plan.rows if line.action in (CREATE, CHANGE) and id(line) not in skip]
    reason = reasons.imported(file_name, approved=approve)
    for line in writing:
        line.reason = reason
        if line.warnings and not line.candidate.note.strip():
            line.candidate.note = implausible_note.strip()
            if line.changed is not None:
                line.changed["note"] = line.candidate.note
    try:
        stored = batch.store(writing, by=by, approve=approve)
    except batch.StoreRefused as refusal:
        # The database refused some new row (a plan without trial, or a row stored meanwhile): the rows are
        # named in the plan; refuse the file, or store the others if the user chose so.
        if any(line.action == CHANGE or line.stored is not None for line in refusal.rows):
            raise _stale(refusal.rows) from None
        refused = _refused_rows(plan, only_valid=only_valid)
        try:
            stored = batch.store([line for line in writing if line.action != batch.REFUSED], by=by, approve=approve)
        except batch.StoreRefused as again:  # yet another row stored in between
            raise _stale(again.rows) from None
    return ImportResult(created=len(stored.created), changed=len(stored.corrected),
                        unchanged=plan.count(UNCHANGED), skipped=len(refused) + len(skip))


# --- Target files (administrators) -------------------------------------------------------------------------

TARGET_FIELDS = ("year", "percent", "source", "note")


def targets_import_plan(*, rows: list[ImportRow]) -> Batch:
    """Judge every row of a target file with the Target model's rules, storing nothing (a fixed number of queries).

    A row names its place by code: a province ("51") or a regency ("51.03"); one target per place, year and source.
    """
    lines = [_row(read) for read in rows]
    codes = {line.code for line in lines}
    provinces = {p.code: p for p in Province.objects.filter(code__in=codes)}
    regencies = {r.code: r for r in Regency.objects.filter(code__in=codes)}
    stored = {(t.province_id, t.regency_id, t.year, t.source): t for t in Target.objects.filter(
        Q(province__code__in=codes) | Q(regency__code__in=codes))}
    seen = {}
    for line in lines:
        if line.refusal is not None:
            line.refuse(line.refusal)
            continue
        province, regency = provinces.get(line.code), regencies.get(line.code)
        if province is None and regency is None:
            line.refuse(_("No province or regency has the code “%(code)s”.") % {"code": line.code[:20]})
            continue
        key = (getattr(province, "pk", None), getattr(regency, "pk", None), line.values["year"],
               line.values["source"])
        if key in seen:
            line.refuse(_("Row %(line)s already gives this place, year and source.") % {"line": seen[key]})
            continue
        seen[key] = line.line
        line.regency = regency
        existing = stored.get(key)
        values = {name: line.values[name] for name in TARGET_FIELDS if name in line.values}
        if existing is None:
            line.candidate = Target(province=province, regency=regency, **values)
        else:
            line.stored = existing
            line.changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
            if not line.changed:
                line.action = UNCHANGED
                continue
            line.action, line.candidate = CHANGE, with_changes(existing, line.changed)
        try:
            # Field rules (percent in (0, 100], year, source) and clean(); the one-per-place rule is checked above.
            line.candidate.full_clean(exclude=["province", "regency"], validate_unique=False,
                                      validate_constraints=False)
        except ValidationError as error:
            line.refuse(error)
    return Batch(rows=lines)


@transaction.atomic
def targets_import(*, plan: Batch, by, file_name: str, only_valid: bool = False) -> ImportResult:
    """Store a target plan: all of it, or with `only_valid` the rows not refused; each change with its history."""
    refused = _refused_rows(plan, only_valid=only_valid)
    reason = reasons.imported(file_name)
    new = [line.candidate for line in plan.rows if line.action == CREATE]
    changed = [line for line in plan.rows if line.action == CHANGE]
    try:
        with transaction.atomic():
            bulk_create_with_history(new, Target, default_user=by, default_change_reason=reason)
            # Only rows still as the preview saw them are changed: a target edited since is left to its editor.
            for line in changed:
                if not Target.objects.filter(pk=line.stored.pk, **{
                        name: getattr(line.stored, name) for name in TARGET_FIELDS}).update(**line.changed):
                    raise IntegrityError("changed since the preview")
            Target.history.bulk_history_create([line.candidate for line in changed], update=True, default_user=by,
                                               default_change_reason=reason)
    except IntegrityError:
        raise ImportRefused(_("Someone changed these targets since the preview; nothing was stored. Upload the "
                              "file again to see the new preview."), code="stale") from None
    return ImportResult(created=len(new), changed=len(changed), unchanged=plan.count(UNCHANGED),
                        skipped=len(refused))
