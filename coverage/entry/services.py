"""The grid's writes: many regencies for one cut-off date, all stored or none, through the one batch checker."""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext_lazy

from coverage.models import CoverageSnapshot, Regency
from coverage.snapshots import batch, rules


@dataclass(frozen=True)
class GridRow:
    """One row of a grid: a new snapshot, or (with `expected_version`, the version the page showed) a correction."""

    regency: Regency
    participants: int
    working_population: int
    pu: int | None = None
    bpu: int | None = None
    jakon: int | None = None
    pmi: int | None = None
    source: str = ""
    note: str = ""
    expected_version: int | None = None
    change_reason: str = ""
    confirm_implausible: bool = False

    def batch_row(self, index: int, *, as_of: datetime.date, reason: str) -> batch.Row:
        """The row for the batch checker; the grid's source applies to new rows only, a correction needs a reason."""
        values = {name: getattr(self, name) for name in (*CoverageSnapshot.COUNTS, "note")} | {"as_of": as_of}
        if self.expected_version is None:
            values["source"] = self.source
        return batch.Row(line=index, code=self.regency.code, values=values, regency=self.regency,
                         expected_version=self.expected_version,
                         reason=reason if self.expected_version is None else self.change_reason,
                         confirm_implausible=self.confirm_implausible)


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


def _refused(rows: list[batch.Row]) -> GridRowErrors:
    return GridRowErrors({row.line: row.refusal for row in rows if row.refusal is not None})


def _judged(*, as_of, rows: list[GridRow], by, reason: str, trial: bool) -> batch.Batch:
    return batch.judge([row.batch_row(index, as_of=as_of, reason=reason) for index, row in enumerate(rows)],
                       by=by, correct_stored=False, trial=trial)


def grid_check(*, as_of, rows: list[GridRow], by) -> None:
    """Refuse rows as grid_save would, storing nothing: used to show every row's problem alongside typing errors."""
    judged = _judged(as_of=as_of, rows=rows, by=by, reason="", trial=True)
    if judged.refused:
        raise _refused(judged.rows)


@transaction.atomic
def grid_save(*, as_of, rows: list[GridRow], by, reason: str, confirm_cut_off: bool = False) -> GridResult:
    """Record and correct many regencies for one cut-off date: all rows are stored, or none.

    A date that is not a month's end is stored only with `confirm_cut_off`: confirmed once for the whole grid.

    New rows are inserted in bulk with their history rows, so a whole province takes a fixed number of
    queries; the database's constraints judge the new rows one by one only when something is refused.
    """
    if not (confirm_cut_off or rules.is_month_end(as_of)):
        raise rules.not_month_end(as_of)
    judged = _judged(as_of=as_of, rows=rows, by=by, reason=reason, trial=False)
    if judged.refused:
        judged.check_constraints()  # so that every row's problem shows at once
        raise _refused(judged.rows)
    try:
        stored = batch.store(judged.rows, by=by)
    except batch.StoreRefused as refused:  # e.g. someone else entered one of these regencies meanwhile
        raise _refused(refused.rows) from None
    return GridResult(created=stored.created, corrected=stored.corrected)
