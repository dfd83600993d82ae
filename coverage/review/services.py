"""Sign-off: approve figures (many at once, all or none), return one with a comment, reopen an approved one.

Each change of state is a compare-and-swap on the figure's version (a review of figures that changed since
the page was opened is refused, never applied to the new figures) and a history revision with who, when and
why. Four eyes: nobody approves or returns a figure whose last change is their own, superusers included.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coverage import reasons, wording
from coverage.models import CoverageSnapshot
from coverage.places import access
from coverage.review import notices

Status = CoverageSnapshot.Status


@dataclass(frozen=True)
class Reviewed:
    """A figure as the reviewer saw it: its number and the version shown on the page (`<pk>:<version>`)."""

    pk: int
    version: int


class ReviewRefused(ValidationError):
    """Nothing was changed; each message names a figure and why it cannot be reviewed so."""


def _describe(snapshot) -> dict:
    return {"regency": snapshot.regency.name, "as_of": wording.day(snapshot.as_of)}


def _problems(snapshot, reviewed: Reviewed, *, by, allowed: set, expected: str, four_eyes: bool) -> list:
    """Why `by` cannot move this figure on from `expected`, in the reviewer's words (empty when they can)."""
    if snapshot is None:
        return [ValidationError(_("One of the chosen figures no longer exists: reload the page."), code="not_found")]
    names = _describe(snapshot)
    if snapshot.regency_id not in allowed:
        return [ValidationError(_("%(regency)s is not among the places you review.") % names, code="not_yours")]
    problems = []
    if snapshot.version != reviewed.version:
        problems.append(ValidationError(
            _("%(regency)s as of %(as_of)s changed after you opened the page: look at it again.") % names,
            code="stale"))
    elif snapshot.status != expected:
        problems.append(ValidationError(
            _("%(regency)s as of %(as_of)s is %(status)s, not %(expected)s.") % {
                **names, "status": snapshot.get_status_display(), "expected": Status(expected).label},
            code="wrong_status"))
    if four_eyes and snapshot.updated_by_id == by.pk:
        problems.append(ValidationError(
            _("%(regency)s as of %(as_of)s was last changed by you: another supervisor reviews it.") % names,
            code="own_figure"))
    return problems


def _checked(reviewed: list[Reviewed], *, by, expected: str, four_eyes: bool) -> list[CoverageSnapshot]:
    """The figures, locked for this transaction, if every one of them may be reviewed; else ReviewRefused."""
    found = CoverageSnapshot.objects.select_for_update(of=("self",)).select_related("regency").in_bulk(
        [item.pk for item in reviewed])
    allowed = set(access.reviewable_regencies(by).filter(pk__in={s.regency_id for s in found.values()})
                  .values_list("pk", flat=True))
    problems = [problem for item in reviewed for problem in _problems(
        found.get(item.pk), item, by=by, allowed=allowed, expected=expected, four_eyes=four_eyes)]
    if problems:
        raise ReviewRefused(problems)
    return [found[item.pk] for item in reviewed]


def _move(snapshot: CoverageSnapshot, *, by, status: str, comment: str, reason: str) -> CoverageSnapshot:
    """Set the new state (the row is locked and its version checked) and record the revision."""
    now = timezone.now()
    CoverageSnapshot.objects.filter(pk=snapshot.pk).update(
        status=status, reviewed_by=by, reviewed_at=now, review_comment=comment, version=F("version") + 1)
    snapshot.status, snapshot.reviewed_by, snapshot.reviewed_at = status, by, now
    snapshot.review_comment, snapshot.version = comment, snapshot.version + 1
    CoverageSnapshot.history.bulk_history_create([snapshot], update=True, default_user=by,
                                                 default_change_reason=reason)
    return snapshot


def _comment_required(comment: str) -> str:
    if not comment.strip():
        raise ReviewRefused(_("Write a comment: it tells field staff what to correct, and stays in the history."),
                            code="comment_required")
    return comment.strip()


@transaction.atomic
def snapshots_approve(*, reviewed: list[Reviewed], by) -> list[CoverageSnapshot]:
    """Approve every figure, or none: each must await review, be unchanged since shown, and not be the reviewer's."""
    if not reviewed:
        raise ReviewRefused(_("Choose the figures to approve."), code="nothing_chosen")
    snapshots = _checked(reviewed, by=by, expected=Status.SUBMITTED, four_eyes=True)
    return [_move(snapshot, by=by, status=Status.APPROVED, comment="", reason=reasons.coded(reasons.APPROVED))
            for snapshot in snapshots]


@transaction.atomic
def snapshot_return(*, reviewed: Reviewed, by, comment: str) -> CoverageSnapshot:
    """Send a figure back to field staff with what to correct; the person who last changed it gets an email."""
    comment = _comment_required(comment)
    [snapshot] = _checked([reviewed], by=by, expected=Status.SUBMITTED, four_eyes=True)
    returned = _move(snapshot, by=by, status=Status.RETURNED, comment=comment,
                     reason=reasons.coded(reasons.RETURNED, comment=comment))
    transaction.on_commit(lambda: notices.returned(returned))
    return returned


@transaction.atomic
def snapshot_reopen(*, reviewed: Reviewed, by, comment: str) -> CoverageSnapshot:
    """Unlock an approved figure so that it can be corrected; it awaits review again."""
    comment = _comment_required(comment)
    [snapshot] = _checked([reviewed], by=by, expected=Status.APPROVED, four_eyes=False)
    return _move(snapshot, by=by, status=Status.SUBMITTED, comment=comment,
                 reason=reasons.coded(reasons.REOPENED, comment=comment))
