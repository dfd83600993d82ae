"""Every stored version of a snapshot (django-simple-history), read as who, when, why and old -> new."""
import datetime
from dataclasses import dataclass

from coverage import reasons
from coverage.models import CoverageSnapshot


@dataclass(frozen=True)
class Revision:
    """One stored version of a snapshot: who, when, why, and each field's old and new value."""

    when: datetime.datetime
    who: object
    why: str
    created: bool
    changes: list[tuple[str, object, object]]  # (field label, old value, new value)
    as_of: datetime.date | None = None  # the snapshot's cut-off, for lists that span several snapshots
    deleted: bool = False


def _revisions(records) -> list[Revision]:
    """Revisions from history records ordered by snapshot, then time; newest first.

    Each record is compared with the one before it of the same snapshot; a creation lists every value it was given.
    The version and the users are bookkeeping: a revision shows the figures (CoverageSnapshot.FIGURES) and the
    review state, in words.
    """
    fields = (*CoverageSnapshot.FIGURES, "status")
    labels = {name: CoverageSnapshot._meta.get_field(name).verbose_name for name in fields}
    revisions, previous = [], None
    for record in records:
        if previous is not None and previous.id != record.id:
            previous = None
        changes = [
            (labels[name], None if previous is None else _shown(previous, name), _shown(record, name))
            for name in fields
            if (previous is None and getattr(record, name) not in (None, ""))
            or (previous is not None and getattr(previous, name) != getattr(record, name))
        ]
        revisions.append(Revision(when=record.history_date, who=record.history_user,
                                  why=reasons.shown(record.history_change_reason), created=previous is None,
                                  changes=changes, as_of=record.as_of, deleted=record.history_type == "-"))
        previous = record
    order = sorted(range(len(revisions)), key=lambda i: revisions[i].when, reverse=True)
    return [revisions[i] for i in order]


def _shown(record, name):
    value = getattr(record, name)
    return CoverageSnapshot.Status(value).label if name == "status" and value else value


def snapshot_revisions(snapshot: CoverageSnapshot) -> list[Revision]:
    """Every revision of a snapshot, newest first: who, when, why, and each field's old and new value."""
    return _revisions(snapshot.history.select_related("history_user").order_by("history_date", "history_id"))


def regency_revisions(*, regency, limit: int = 100) -> tuple[list[Revision], int]:
    """The latest `limit` revisions of a regency's snapshots, newest first, and how many there are (one query)."""
    revisions = _revisions(CoverageSnapshot.history.filter(regency=regency).select_related("history_user").order_by(
        "id", "history_date", "history_id"
    ))
    return revisions[:limit], len(revisions)
