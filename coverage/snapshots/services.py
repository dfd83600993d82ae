"""Writes of single figures: record one, correct one, store many new ones; each in a transaction with who and why.

The rules on a snapshot live in the model (field validators, clean(), constraints); these services run them,
add who may write what (places.access), the duplicate check, the plausibility check and the optimistic lock,
and turn any refusal of the database into the model's own message. Many figures at once go through batch.py.
"""
import copy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from coverage import wording
from coverage.models import CoverageSnapshot
from coverage.places import access
from coverage.snapshots import rules, selectors
from coverage.snapshots.plausibility import plausibility_warnings

# Not validated by full_clean here: the regency is checked by access (one query for a whole batch), the users
# are the caller's own, and duplicates are found by one explicit lookup that can name the existing row.
NOT_VALIDATED_HERE = ("regency", "created_by", "updated_by")
# A change to any of these can move coverage, so it is checked for plausibility again.
PLAUSIBILITY_FIELDS = ("as_of", "participants", "working_population")


def not_assigned() -> ValidationError:
    return ValidationError(
        {"regency": ValidationError(_("You are not assigned to enter figures for this regency."),
                                    code="not_assigned")}
    )


def duplicate(existing: CoverageSnapshot) -> ValidationError:
    """A second figure for a regency and date; `pk` lets the page link to the one to correct instead."""
    return ValidationError(
        _("%(regency)s already has a snapshot as of %(as_of)s: correct that one instead."),
        code="duplicate",
        params={"regency": existing.regency.name, "as_of": wording.day(existing.as_of), "pk": existing.pk},
    )


def stale(current: CoverageSnapshot) -> ValidationError:
    return ValidationError(
        _("Someone else changed this snapshot after you opened it. It now reads %(participants)s participants "
          "of %(working_population)s working population, as changed by %(user)s. Nothing was "
          "saved: reload the page to see the current values."),
        code="stale",
        params={"participants": wording.number(current.participants),
                "working_population": wording.number(current.working_population),
                "version": current.version, "user": current.updated_by or "-", "pk": current.pk},
    )


def approved_locked(snapshot: CoverageSnapshot) -> ValidationError:
    return ValidationError(
        _("%(regency)s as of %(as_of)s is approved, and approved figures are locked: a supervisor can reopen it."),
        code="approved_locked", params={"regency": snapshot.regency.name, "as_of": wording.day(snapshot.as_of)},
    )


def reason_required() -> ValidationError:
    return ValidationError({"change_reason": ValidationError(
        _("Say why the figures are corrected."), code="reason_required")})


def cut_off_unconfirmed(as_of) -> ValidationError:
    return ValidationError({"as_of": rules.not_month_end(as_of)})


def implausible(warnings) -> ValidationError:
    return ValidationError([ValidationError(str(warning), code="implausible") for warning in warnings])


def note_required(warnings) -> ValidationError:
    """A confirmed move without a note: the move's explanation stays shown beside the request for a note."""
    return ValidationError({NON_FIELD_ERRORS: implausible(warnings).error_list, "note": ValidationError(
        _("Explain in the note why the figures moved so far."), code="note_required")})


def existing_snapshot(candidate: CoverageSnapshot) -> CoverageSnapshot | None:
    """Another snapshot of the same regency and date, if any."""
    return (
        CoverageSnapshot.objects.filter(regency_id=candidate.regency_id, as_of=candidate.as_of)
        .exclude(pk=candidate.pk).select_related("regency").first()
    )


def validate(candidate: CoverageSnapshot, *, check_constraints: bool = True) -> None:
    """The model's rules; without `check_constraints` only those that need no query (the database checks the rest)."""
    candidate.full_clean(exclude=NOT_VALIDATED_HERE, validate_unique=False, validate_constraints=check_constraints)


def validate_constraints(candidate: CoverageSnapshot) -> None:
    candidate.validate_constraints(exclude=set(NOT_VALIDATED_HERE))


def explain_refusal(candidate: CoverageSnapshot) -> ValidationError:
    """Why the database refused `candidate`, in the model's own words (runs only after an IntegrityError)."""
    existing = existing_snapshot(candidate)
    if existing is not None:
        return duplicate(existing)
    try:
        validate_constraints(candidate)
    except ValidationError as error:
        return error
    return ValidationError(_("The database refused these figures."), code="refused")


def changed_fields(stored, values: dict) -> dict:
    """The values that differ from the stored row's."""
    unknown = set(values) - set(CoverageSnapshot.FIGURES)
    if unknown:
        raise ValueError(f"not a figure: {sorted(unknown)}")
    return {name: value for name, value in values.items() if getattr(stored, name) != value}


def with_changes(stored, changed: dict):
    """A copy of a stored row (a snapshot, or a target) with the changed values set, to validate and store."""
    candidate = copy.copy(stored)
    for name, value in changed.items():
        setattr(candidate, name, value)
    return candidate


def compare_and_swap(*, snapshot, candidate, changed: dict, by, expected_version: int, reason: str,
                     status: str = CoverageSnapshot.Status.SUBMITTED):
    """Store a correction only if nobody else saved since `expected_version`; record it with who and why.

    A corrected figure awaits review again (`status`), whether it was awaiting or returned; an approved one
    never gets here (approved_locked), and an approval since the page was opened changed its version.
    """
    try:
        with transaction.atomic():
            stored = CoverageSnapshot.objects.filter(pk=snapshot.pk, version=expected_version).update(
                **changed, status=status, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
            )
    except IntegrityError:
        raise explain_refusal(candidate) from None
    if not stored:
        raise stale(CoverageSnapshot.objects.select_related("updated_by").get(pk=snapshot.pk))
    candidate.version = expected_version + 1
    candidate.updated_by = by
    candidate.status = status
    CoverageSnapshot.history.bulk_history_create([candidate], update=True, default_user=by,
                                                 default_change_reason=reason)
    return candidate


@transaction.atomic
def snapshots_bulk_record(*, snapshots: list[CoverageSnapshot], by, reason: str = "") -> list[CoverageSnapshot]:
    """Store many new snapshots at once, each with its history row (who, and why: its own `_change_reason` or
    `reason`)."""
    for snapshot in snapshots:
        snapshot.created_by = by
        snapshot.updated_by = by
    return bulk_create_with_history(
        snapshots, CoverageSnapshot, batch_size=2000, default_user=by, default_change_reason=reason
    )


def _plausibility(candidate: CoverageSnapshot, *, confirmed: bool) -> None:
    """Moves too far from the previous snapshot need the user's confirmation and a note."""
    previous = selectors.previous_snapshot(regency=candidate.regency, before=candidate.as_of)
    warnings = plausibility_warnings(
        previous=previous, participants=candidate.participants, working_population=candidate.working_population
    )
    if warnings and not confirmed:
        raise implausible(warning.message for warning in warnings)
    if warnings and not candidate.note.strip():
        raise note_required(warning.message for warning in warnings)


@transaction.atomic
def snapshot_record(*, regency, as_of, participants, working_population, by, pu=None, bpu=None, jakon=None,
                    pmi=None, source="", note="", change_reason="", confirm_implausible=False,
                    confirm_cut_off=False) -> CoverageSnapshot:
    """Record a new snapshot for a regency the user may enter, with its history row (who and why).

    A date that is not a month's end is stored only with `confirm_cut_off`.
    """
    if not access.may_enter(by, regency):
        raise not_assigned()
    snapshot = CoverageSnapshot(
        regency=regency, as_of=as_of, participants=participants, working_population=working_population,
        pu=pu, bpu=bpu, jakon=jakon, pmi=pmi, source=source, note=note, created_by=by, updated_by=by,
    )
    validate(snapshot)
    if not (confirm_cut_off or rules.is_month_end(as_of)):
        raise cut_off_unconfirmed(as_of)
    existing = existing_snapshot(snapshot)
    if existing is not None:
        raise duplicate(existing)
    _plausibility(snapshot, confirmed=confirm_implausible)
    snapshot._history_user = by
    snapshot._change_reason = change_reason
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError:  # a concurrent save of the same regency and date won the race
        raise explain_refusal(snapshot) from None
    return snapshot


@transaction.atomic
def snapshot_correct(*, snapshot, changes: dict, by, reason: str, expected_version: int,
                     confirm_implausible=False, confirm_cut_off=False) -> CoverageSnapshot:
    """Correct a snapshot if nobody saved over it since `expected_version`; the old values stay in its history.

    A new date that is not a month's end is stored only with `confirm_cut_off`.
    """
    if not access.may_enter(by, snapshot.regency, permission=access.CORRECT):
        raise not_assigned()
    if snapshot.status == CoverageSnapshot.Status.APPROVED:
        raise approved_locked(snapshot)
    if not reason.strip():
        raise reason_required()
    changed = changed_fields(snapshot, changes)
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    candidate = with_changes(snapshot, changed)
    validate(candidate)
    if "as_of" in changed:
        if not (confirm_cut_off or rules.is_month_end(candidate.as_of)):
            raise cut_off_unconfirmed(candidate.as_of)
        existing = existing_snapshot(candidate)
        if existing is not None:
            raise duplicate(existing)
    if changed.keys() & set(PLAUSIBILITY_FIELDS):
        _plausibility(candidate, confirmed=confirm_implausible)
    return compare_and_swap(snapshot=snapshot, candidate=candidate, changed=changed, by=by,
                            expected_version=expected_version, reason=reason)


@transaction.atomic
def snapshot_delete(*, snapshot, by, reason: str) -> None:
    """Remove a snapshot (a superuser's act, in the admin); its history keeps a last row with who and why."""
    if not reason.strip():
        raise ValidationError(_("Say why the snapshot is deleted: the reason stays in its history."),
                              code="reason_required")
    snapshot._history_user = by
    snapshot._change_reason = reason.strip()
    snapshot.delete()
