"""The one batch checker: every way many figures arrive (the grid, an upload, the admin's import, the
`import_snapshots` command) is judged by `judge` and written by `store`, so each rule applies once, the same way.

Judging takes a fixed number of queries however many rows arrive: the regencies by code, who may record and
correct them, the stored figures around the rows' dates and the ones before, and one write of the corrections
and (with `trial`) one of the new rows, rolled back, that let the database's constraints judge every row at
once. Rows the database refuses cost a query per check constraint, however many; only a refusal of another
kind (a duplicate stored meanwhile) costs more.
"""
import bisect
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models.sql import Query
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coverage.models import CoverageSnapshot, Regency
from coverage.places import access
from coverage.snapshots import rules, selectors, services
from coverage.snapshots.plausibility import plausibility_warnings

CREATE, CHANGE, UNCHANGED, REFUSED = "create", "change", "unchanged", "refused"


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


@dataclass(eq=False)
class Row:
    """One row among many (of a file, a grid or a target file): what arrived, and what storing it would do."""

    line: int  # the row's number in its file, or its place in the grid
    code: str  # the place's Kemendagri code
    values: dict  # the fields given (of CoverageSnapshot.FIGURES); one not given leaves a stored value alone
    regency: Regency | None = None  # found by its code when not given
    # The version of the stored figure that the user saw and corrects; None for a figure typed as new, or in a
    # file, where a row for a stored figure corrects whatever is stored (see `judge`'s `correct_stored`).
    expected_version: int | None = None
    reason: str = ""  # why, kept in the history; a correction needs one
    # Moves too far from the previous figure: refused unless confirmed (True: then a note is needed), or with
    # None only warned of, to be confirmed for a whole file when it is stored.
    confirm_implausible: bool | None = None
    action: str = CREATE
    stored: object = None  # the stored row a CHANGE or UNCHANGED row meets
    candidate: object = None  # what would be stored
    changed: dict | None = None
    warnings: list[str] = field(default_factory=list)
    # What the user should look at but need not confirm: a date that is not a month's end (see `judge`).
    notices: list[str] = field(default_factory=list)
    refusal: ValidationError | None = None

    def refuse(self, error: ValidationError | str) -> None:
        """The row is refused for `error`; a row keeps its first refusal, the one that decided its fate."""
        self.action = REFUSED
        if self.refusal is None:
            self.refusal = error if isinstance(error, ValidationError) else ValidationError(error)

    @property
    def errors(self) -> list[str]:
        return messages_of(self.refusal) if self.refusal is not None else []

    @property
    def corrections(self) -> list[tuple[str, object, object]]:
        """What a correction changes, for its preview: (the field's label, the stored value, the new value)."""
        if self.action != CHANGE or not self.changed:
            return []
        fields = [self.stored._meta.get_field(name) for name in self.changed]
        return [(field.verbose_name, *(dict(field.flatchoices).get(value, value) if field.choices else value
                                       for value in (getattr(self.stored, field.name), self.changed[field.name])))
                for field in fields]


@dataclass
class Batch:
    """The rows of one file or grid, each with its verdict."""

    rows: list[Row]
    # Whether the database's constraints judged the new rows too (a trial insert), or are left to `store`.
    constraints_checked: bool = True

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def refused(self) -> list[Row]:
        return [row for row in self.rows if row.action == REFUSED]

    @property
    def implausible(self) -> list[Row]:
        return [row for row in self.rows if row.warnings and row.action in (CREATE, CHANGE)]

    def fingerprint(self) -> str:
        """What the preview showed, to refuse a confirmation if the stored data moved in between."""
        # The stored rows each row meets, and their versions: the same file over the same data is judged the same.
        seen = "|".join(f"{row.line}:{getattr(row.stored, 'pk', '')}:{getattr(row.stored, 'version', '')}"
                        for row in self.rows)
        return hashlib.sha256(seen.encode()).hexdigest()[:32]

    def check_constraints(self) -> None:
        """Let the database's constraints judge the rows not refused yet (one trial insert, rolled back)."""
        _trial(self.rows)
        self.constraints_checked = True


def judge(rows: list[Row], *, by, correct_stored: bool, reasons_required: bool = True, trial: bool = True,
          seen: dict | None = None) -> Batch:
    """Judge every row with the rules of the entry form, storing nothing.

    With `correct_stored` (files) a row for a regency and date already stored corrects it; without (the grid),
    it is a duplicate unless it says which version it corrects. With `reasons_required` (the grid) each
    correction needs its own reason; a file's rows get theirs, the file, when stored. `seen` maps
    (code, as_of) to the row that first gave them, across calls (the command reads in chunks). Without
    `trial` the database's constraints judge the new rows in `store`, which then names those they refuse:
    a batch stored right away need not be inserted twice.
    """
    seen = {} if seen is None else seen
    _find_regencies(rows)
    ids = {row.regency.pk for row in rows if row.regency is not None}
    dates = [row.values["as_of"] for row in rows if row.refusal is None and row.values.get("as_of")]
    stored = selectors.snapshots_between(regency_ids=ids, first=min(dates), last=max(dates)) if dates else {}
    may = _Access(by, ids)

    for row in rows:
        if row.refusal is not None:
            row.refuse(row.refusal)
            continue
        key = (row.code, row.values["as_of"])
        if key in seen:
            row.refuse(_("Row %(line)s already gives this regency and date.") % {"line": seen[key]})
            continue
        seen[key] = row.line
        if row.regency is None:
            row.refuse(_("No regency has the code “%(code)s”.") % {"code": row.code[:20]})
            continue
        try:
            _plan(row, stored.get((row.regency.pk, row.values["as_of"])), by=by, may=may,
                  correct_stored=correct_stored, reasons_required=reasons_required)
        except ValidationError as error:
            row.refuse(error)
    _warn_implausible(rows, stored, ids, dates)
    # A file's odd date is shown in its preview; the grid confirms its one date for all rows (entry/services.py).
    for row in rows:
        if row.action in (CREATE, CHANGE) and not rules.is_month_end(row.candidate.as_of):
            row.notices.append(rules.not_month_end_warning(row.candidate.as_of))
    _trial(rows, new_rows=trial)
    for row in rows:
        _confirm_implausible(row, constraints_checked=trial)
    return Batch(rows=rows, constraints_checked=trial)


class _Access:
    """Which of the batch's regencies the user may record and correct (one query each, the second when needed)."""

    def __init__(self, by, ids):
        self.by, self.ids = by, ids
        self._record = self._correct = None

    def record(self, regency) -> bool:
        if self._record is None:
            self._record = self._allowed(access.RECORD)
        return regency.pk in self._record

    def correct(self, regency) -> bool:
        if self._correct is None:
            self._correct = self._allowed(access.CORRECT)
        return regency.pk in self._correct

    def _allowed(self, permission) -> set:
        regencies = access.enterable_regencies(self.by, permission=permission).filter(pk__in=self.ids)
        return set(regencies.values_list("pk", flat=True))


def _find_regencies(rows) -> None:
    """The regency of each row that names one only by its code (one query)."""
    codes = {row.code for row in rows if row.regency is None}
    if codes:
        regencies = {regency.code: regency for regency in Regency.objects.filter(code__in=codes)}
        for row in rows:
            if row.regency is None:
                row.regency = regencies.get(row.code)  # named in the preview even when the row is refused


def _plan(row: Row, existing, *, by, may: _Access, correct_stored: bool, reasons_required: bool) -> None:
    """What the row would do: create a figure, correct the stored one, or leave it as it is."""
    if existing is None:
        if not may.record(row.regency):
            raise services.not_assigned()
        row.candidate = CoverageSnapshot(regency=row.regency, created_by=by, updated_by=by, **row.values)
        services.validate(row.candidate, check_constraints=False)
        return
    if row.expected_version is None and not correct_stored:
        raise services.duplicate(existing)  # stored since the page showed this regency without a figure
    if not may.correct(row.regency):
        raise services.not_assigned()
    row.stored = existing
    row.changed = services.changed_fields(existing, row.values)
    if not row.changed:
        row.action = UNCHANGED
        return
    if existing.status == CoverageSnapshot.Status.APPROVED:
        raise services.approved_locked(existing)
    if reasons_required and not row.reason.strip():
        raise services.reason_required()
    if row.expected_version is None:
        row.expected_version = existing.version
    row.action, row.candidate = CHANGE, services.with_changes(existing, row.changed)
    services.validate(row.candidate, check_constraints=False)


def _warn_implausible(rows, stored, ids, dates) -> None:
    """Each new or moved figure against the regency's previous one: from the batch, the stored ones, or before."""
    if not dates:
        return
    timelines: dict[int, dict] = {}
    for snapshot in selectors.previous_snapshots(regency_ids=ids, before=min(dates)).values():
        timelines.setdefault(snapshot.regency_id, {})[snapshot.as_of] = snapshot
    for (regency_id, as_of), snapshot in stored.items():
        timelines.setdefault(regency_id, {})[as_of] = snapshot
    moving = [row for row in rows if (row.action == CREATE and row.candidate is not None)
              or (row.action == CHANGE and row.changed.keys() & set(services.PLAUSIBILITY_FIELDS))]
    for row in moving:
        timelines.setdefault(row.regency.pk, {})[row.candidate.as_of] = row.candidate
    ordered = {regency_id: sorted(timeline) for regency_id, timeline in timelines.items()}
    for row in moving:
        dates_of = ordered[row.regency.pk]
        position = bisect.bisect_left(dates_of, row.candidate.as_of)
        previous = timelines[row.regency.pk][dates_of[position - 1]] if position else None
        row.warnings = [str(warning.message) for warning in plausibility_warnings(
            previous=previous, participants=row.candidate.participants,
            working_population=row.candidate.working_population)]


def _confirm_implausible(row: Row, *, constraints_checked: bool) -> None:
    """A figure that moved too far is refused unless confirmed with a note (when the row can say so itself)."""
    if row.action not in (CREATE, CHANGE) or not row.warnings or row.confirm_implausible is None:
        return
    try:
        if not constraints_checked:
            # An impossible figure is refused as such before anyone is asked to confirm it.
            services.validate_constraints(row.candidate)
        if not row.confirm_implausible:
            raise services.implausible(row.warnings)
        if not row.candidate.note.strip():
            raise services.note_required(row.warnings)
    except ValidationError as error:
        row.refuse(error)


class _TrialOnly(Exception):
    pass


def _trial(rows, *, new_rows: bool = True) -> None:
    """Let the database's constraints judge the rows in one trial write each way, rolled back.

    New figures are inserted, corrections updated, as `store` would write them. Corrections are tried always,
    so that a refused correction is named when judged rather than taken for someone else's change when stored.
    When a write is refused, the rows that break a check constraint are found all at once (a file with two
    columns swapped breaks one in every row); whatever else refused it is found by halving.
    """
    def trial(batch, write, *, checked=False):
        if not batch:
            return
        try:
            with transaction.atomic():
                write([row.candidate for row in batch])
                raise _TrialOnly
        except _TrialOnly:
            return
        except IntegrityError:
            if len(batch) == 1:
                batch[0].refuse(services.explain_refusal(batch[0].candidate))
            elif not checked:
                _refuse_broken_checks(batch)
                trial([row for row in batch if row.action != REFUSED], write, checked=True)
            else:
                middle = len(batch) // 2
                trial(batch[:middle], write, checked=True)
                trial(batch[middle:], write, checked=True)

    if new_rows:
        trial([row for row in rows if row.action == CREATE], _insert)
    trial([row for row in rows if row.action == CHANGE], _update)


# The trial writes one statement for many rows, with each value prepared by its field as the ORM prepares it.
# Not bulk_create: it compiled the SQL again for every row (60% of judging a file of new figures), and it
# would give the candidates primary keys; nor validate_constraints on each correction or refused row, which is
# a query per constraint (six a row: 50 s for 20,000 corrections, 5 s for 1,000 rows with two columns swapped).
_TABLE = CoverageSnapshot._meta.db_table
_WRITTEN = [field for field in CoverageSnapshot._meta.concrete_fields if not field.primary_key]
_CORRECTED = [CoverageSnapshot._meta.get_field(name) for name in CoverageSnapshot.FIGURES]
_CHECKS = [constraint for constraint in CoverageSnapshot._meta.constraints
           if isinstance(constraint, models.CheckConstraint)]


def _database():
    return connections[CoverageSnapshot.objects.db]  # once a write: the `connection` proxy costs a look-up a use


def _insert(candidates) -> None:
    database = _database()
    quote = database.ops.quote_name
    sql = (f"INSERT INTO {quote(_TABLE)} ({', '.join(quote(field.column) for field in _WRITTEN)}) "
           f"VALUES ({', '.join(['%s'] * len(_WRITTEN))})")
    # pre_save as an insert calls it: it fills in created_at and updated_at.
    values = [[field.get_db_prep_save(field.pre_save(candidate, add=True), database) for field in _WRITTEN]
              for candidate in candidates]
    with database.cursor() as cursor:
        cursor.executemany(sql, values)


def _update(candidates) -> None:
    database = _database()
    quote = database.ops.quote_name
    sql = (f"UPDATE {quote(_TABLE)} SET {', '.join(quote(field.column) + ' = %s' for field in _CORRECTED)} "
           f"WHERE {quote(CoverageSnapshot._meta.pk.column)} = %s")
    values = [[*(field.get_db_prep_save(getattr(candidate, field.attname), database) for field in _CORRECTED),
               candidate.pk] for candidate in candidates]
    with database.cursor() as cursor:
        cursor.executemany(sql, values)


def _refuse_broken_checks(batch) -> None:
    """Refuse each row whose figures break a check constraint, with the errors that validate_constraints gives.

    The rows go to a temporary copy of the table without its constraints, and each constraint's condition, as
    the database itself checks it (Django builds the CHECK clause the same way), selects the rows it fails:
    a query per constraint, however many rows. Rolled back, as the trial is.
    """
    database = _database()
    quote = database.ops.quote_name
    copy, key = quote(f"{_TABLE}_trial"), quote(CoverageSnapshot._meta.pk.column)
    broken: dict[int, list] = {}
    try:
        with transaction.atomic(), database.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {copy} AS SELECT * FROM {quote(_TABLE)} WHERE 1 = 0")
            cursor.executemany(
                f"INSERT INTO {copy} ({key}, {', '.join(quote(field.column) for field in _WRITTEN)}) "
                f"VALUES (%s, {', '.join(['%s'] * len(_WRITTEN))})",
                [[index, *(field.get_db_prep_save(getattr(row.candidate, field.attname), database)
                           for field in _WRITTEN)] for index, row in enumerate(batch)])
            for constraint in _CHECKS:
                query = Query(model=CoverageSnapshot, alias_cols=False)
                condition, params = query.build_where(constraint.condition).as_sql(
                    query.get_compiler(connection=database), database)
                # A CHECK is broken when its condition is false, not when it is unknown (NULL): hence NOT.
                cursor.execute(f"SELECT {key} FROM {copy} WHERE NOT ({condition})", params)
                for (index,) in cursor.fetchall():
                    broken.setdefault(index, []).append(ValidationError(
                        constraint.get_violation_error_message(), code=constraint.violation_error_code))
            raise _TrialOnly
    except _TrialOnly:
        pass
    for index, errors in broken.items():
        batch[index].refuse(ValidationError({NON_FIELD_ERRORS: errors}))


class StoreRefused(Exception):
    """The database refused rows that judging had passed: someone stored or corrected them meanwhile.

    The refused rows carry their refusal; nothing was stored (the caller's transaction rolls back).
    """

    def __init__(self, rows: list[Row]):
        super().__init__(rows)
        self.rows = rows


@dataclass(frozen=True)
class Stored:
    created: list[CoverageSnapshot]
    corrected: list[CoverageSnapshot]


def store(rows: list[Row], *, by, approve: bool = False) -> Stored:
    """Store judged rows: new figures in bulk with their history rows, corrections by compare-and-swap.

    Each history row says who, and why (the row's `reason`). With `approve` (historical loads by someone who
    may review) the figures are stored approved, by `by`. Runs in the caller's transaction: on StoreRefused
    the caller undoes what was stored before.
    """
    status = CoverageSnapshot.Status.APPROVED if approve else CoverageSnapshot.Status.SUBMITTED
    review = {"reviewed_by": by, "reviewed_at": timezone.now()} if approve else {}
    creating = [row for row in rows if row.action == CREATE]
    for row in creating:
        row.candidate._change_reason = row.reason
        row.candidate.status = status
        for name, value in review.items():
            setattr(row.candidate, name, value)
    try:  # snapshots_bulk_record is atomic itself: a refusal rolls back to its savepoint
        created = services.snapshots_bulk_record(snapshots=[row.candidate for row in creating], by=by)
    except IntegrityError:
        _trial(creating)
        raise StoreRefused([row for row in creating if row.action == REFUSED]) from None
    corrected = []
    for row in rows:
        if row.action != CHANGE:
            continue
        for name, value in review.items():
            setattr(row.candidate, name, value)
        try:
            corrected.append(services.compare_and_swap(
                snapshot=row.stored, candidate=row.candidate, changed=row.changed | review, by=by,
                expected_version=row.expected_version, reason=row.reason, status=status))
        except ValidationError as error:
            row.refuse(error)
            raise StoreRefused([row]) from None
    return Stored(created=created, corrected=corrected)
