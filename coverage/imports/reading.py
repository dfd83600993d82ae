"""Reading snapshot and target files (CSV, XLSX) into typed rows; the rules on the figures live in snapshots/.

A file is refused as a whole when it cannot be read as a table with the expected columns (not a
spreadsheet, missing columns, empty, too large). Everything else is a problem of one row, named by its
line number, so that the preview can say which row is wrong and why.
"""
import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from coverage import wording
from coverage.models import MAX_COUNT, CoverageSnapshot
from coverage.snapshots import rules
from coverage.snapshots.fields import PercentField
from coverage.web import exports

SNAPSHOT_REQUIRED = ("code", "as_of", "participants", "working_population")

# Uploads through the web; the management command reads larger files. The rows an upload may hold are a setting
# (UPLOAD_MAX_ROWS), read as each file is: `max_rows=UPLOAD_ROWS` below means "the upload's cap".
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
FILE_COUNT_EXAMPLE = "935079"
UPLOAD_ROWS = object()
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class FileRefused(ValidationError):
    """The whole file cannot be read; nothing in it is looked at further."""


@dataclass
class ImportRow:
    """One data row of a file: its line number, the values read, and what was wrong with its cells."""

    line: int
    code: str
    values: dict
    errors: list = field(default_factory=list)  # (column, message or ValidationError), rendered when shown

    def messages(self) -> list[str]:
        """Each problem as "column: message", in the language active now (not the one the file was read in)."""
        return [f"{column}: {message}" for column, problem in self.errors
                for message in (problem.messages if isinstance(problem, ValidationError) else [problem])]


def _refuse(message, code, **params):
    raise FileRefused(message, code=code, params=params)


def open_table(file, *, name: str = "", columns=SNAPSHOT_REQUIRED, max_bytes: int | None = MAX_UPLOAD_BYTES,
               max_rows=UPLOAD_ROWS) -> Iterator[tuple[int, dict]]:
    """The data rows of a CSV or XLSX file as (line number, {column: cell}); the header must name `columns`.

    Raises FileRefused for a file that is not a table, lacks a column, holds no data row or is too large. A file
    whose `name` says it is a workbook but that cannot be read as one is damaged: it is never read as a CSV (whose
    first line would then be said to lack the columns). `max_rows`: the data rows the file may hold (None: any
    number); by default the upload's cap.
    """
    if max_rows is UPLOAD_ROWS:
        max_rows = upload_max_rows()
    file.seek(0, io.SEEK_END)
    check_size(file.tell(), max_bytes=max_bytes)
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if start.startswith(OLE_MAGIC):
        _refuse(_("Old Excel files (.xls) cannot be read: save the file as .xlsx or .csv."), "xls")
    named_workbook = name.lower().endswith(".xlsx")
    if named_workbook and not start.startswith(XLSX_MAGIC):
        _damaged_workbook()
    rows = (_xlsx_rows(file, max_rows=max_rows, named_workbook=named_workbook) if start.startswith(XLSX_MAGIC)
            else enumerate(_csv_rows(file), start=1))
    return _data_rows(rows, columns=columns, max_rows=max_rows)


def upload_max_rows() -> int:
    return settings.UPLOAD_MAX_ROWS


def too_many_rows(limit: int) -> FileRefused:
    """A file of more data rows than `limit`: the way for larger files is the administrators' command."""
    return FileRefused(_("The file has more than %(limit)s rows, the most a file uploaded here may hold: split it, "
                         "or ask an administrator to load it on the server with the command import_snapshots."),
                       code="too_many_rows", params={"limit": wording.number(limit)})


def check_size(size: int, *, max_bytes: int | None = MAX_UPLOAD_BYTES) -> None:
    if max_bytes is not None and size > max_bytes:
        _refuse(_("The file is larger than %(limit)s MB: split it, or ask an administrator to load it."),
                "too_large", limit=max_bytes // (1024 * 1024))


def _not_a_spreadsheet():
    _refuse(_("This file is not a spreadsheet: upload a .csv or .xlsx file."), "not_a_spreadsheet")


def _csv_rows(file) -> Iterator[list]:
    head = file.read(64 * 1024)
    if b"\x00" in head:
        _not_a_spreadsheet()
    file.seek(0)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        _not_utf8()
    # Spreadsheet programs set to Indonesian write ";" between cells (the "," is their decimal mark).
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield next(csv.reader([first], delimiter=delimiter), [])
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from reader
    except UnicodeDecodeError:
        _not_utf8()
    except csv.Error:
        _refuse(_("The CSV file cannot be read near line %(line)s: a cell is too long or a quote is not closed."),
                "bad_csv", line=reader.line_num + 1)


def _not_utf8():
    _refuse(_("This file is not a spreadsheet, or a CSV file not saved as UTF-8: save it as .xlsx or as "
              "“CSV UTF-8”."), "not_utf8")


def _xlsx_rows(file, *, max_rows, named_workbook: bool) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) of the first sheet, through the guard against files that would cost a server."""
    from coverage.imports import xlsx_guard  # only files that are workbooks need it (and openpyxl)

    try:
        yield from xlsx_guard.sheet_rows(file, max_rows=max_rows)
    except xlsx_guard.Refused as refused:
        if named_workbook and refused.code == "not_a_spreadsheet":  # a zip, but no longer a readable workbook
            _damaged_workbook()
        raise FileRefused(refused.message, code=refused.code, params=refused.params) from refused


def _damaged_workbook():
    from coverage.imports import xlsx_guard

    damaged = xlsx_guard.unreadable(None)
    raise FileRefused(damaged.message, code=damaged.code)


def _data_rows(rows: Iterator[tuple[int, tuple]], *, columns, max_rows) -> Iterator[tuple[int, dict]]:
    header = None
    for line, cells in rows:
        if header is None:
            if not any(cell not in (None, "") for cell in cells):
                continue  # blank lines above the header
            header = [exports.column_key(str(cell or "")) for cell in cells]
            missing = [column for column in columns if column not in header]
            if missing:
                _refuse(_("The file lacks the column(s) %(missing)s. The first row must name the columns: "
                          "%(columns)s."), "missing_columns", missing=", ".join(missing),
                        columns=", ".join(columns))
            repeated = sorted({name for name in header if name and header.count(name) > 1})
            if repeated:
                _refuse(_("The column(s) %(columns)s appear more than once."), "repeated_columns",
                        columns=", ".join(repeated))
            header_line = line
            continue
        # Before blank rows are skipped: a row numbered far below the header is refused when it shows.
        if max_rows is not None and line - header_line > max_rows:
            raise too_many_rows(max_rows)
        if not any(cell not in (None, "") for cell in cells):
            continue
        yield line, dict(zip(header, cells, strict=False))
    if header is None:
        _refuse(_("The file is empty."), "empty")


def require_rows(rows: list) -> list:
    """A header without a single data row is an empty file too."""
    if not rows:
        _refuse(_("The file has no data rows below its header."), "empty")
    return rows


# --- Cells ----------------------------------------------------------------------------------------------


class CellError(ValidationError):
    pass


def _formula(value) -> bool:
    """A formula cell: the value is not in the file, only how to compute it.

    openpyxl gives an XLSX formula back with a leading "=" whatever sign it was typed with (`+1+1` is kept as
    `=+1+1`, `@SUM(A1)` as `=SUM(A1)`), and an array formula as an object. A CSV holds no formulas, but a cell
    starting with "=" is refused alike, so that a file reads the same whether saved as XLSX or as CSV.
    """
    if isinstance(value, str):
        return value.lstrip().startswith("=")
    return isinstance(value, ArrayFormula | DataTableFormula)


def count(value):
    """A count from a cell: a number cell, plain digits, or digits grouped with Indonesian dots ("935.079").

    Read as the entry pages read counts, in Indonesian (snapshot_rows sets the language). A refused one is shown
    plain digits as the example: every file is read so, whatever the reader's language groups digits with.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise rules.count_invalid(FILE_COUNT_EXAMPLE)
    if isinstance(value, int) and 0 <= value <= MAX_COUNT:
        return value  # the common cases, without the regular expressions
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < len(str(MAX_COUNT)):
        return int(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise rules.count_invalid(FILE_COUNT_EXAMPLE)
        value = int(value)
    if isinstance(value, int):
        if value > MAX_COUNT:
            raise rules.count_too_large()
        return value  # a negative number cell: the model's own rule refuses it
    try:
        return rules.count_from_text(str(value))
    except ValidationError as refused:
        if refused.code == "invalid":
            raise rules.count_invalid(FILE_COUNT_EXAMPLE) from None
        raise


def date(value):
    """A date from a date cell or an ISO date (YYYY-MM-DD); whether a snapshot may carry it is the model's rule."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value in (None, ""):
        raise CellError(_("This field is required."), code="required")
    return rules.date_from_text(str(value))


def text(value) -> str:
    return "" if value is None else str(value).strip()


def _read_cells(row: ImportRow, cells: dict, readers: dict) -> None:
    """Each column's value read by its reader into `row.values`, or its problem into `row.errors`."""
    for name, read in readers.items():
        if name not in cells:
            continue  # an optional column the file does not have: a stored value stays as it is
        value = cells[name]
        if _formula(value):
            row.errors.append((name, _("This cell holds a formula; paste its value instead.")))
            continue
        try:
            row.values[name] = read(value)
        except ValidationError as error:
            row.errors.append((name, error))


def _free_text(row: ImportRow, name: str, value) -> str:
    """Free text as written; the quotes that our exports put before formula signs are taken off again.

    Text starting with "+", "-" or "@" (`+62 361…`, `- see report`) was typed as text: a spreadsheet would have
    kept it as a formula starting with "=". It is stored as written; the exports make it inert.
    """
    if _formula(value):
        row.errors.append((name, _("This cell holds a formula; paste its value instead.")))
        return ""
    return exports.undo_inert_text(text(value))


def _coded_row(line: int, cells: dict, *, missing) -> ImportRow:
    """A row named by its place's code (the `missing` message when it has none)."""
    row = ImportRow(line=line, code=text(cells.get("code")), values={})
    if not row.code:
        row.errors.append(("code", missing))
    return row


def snapshot_rows(table: Iterator[tuple[int, dict]]) -> list[ImportRow]:
    """Turn each data row's cells into a snapshot's values; each cell's problem is kept with its column."""
    # Files are read with Indonesian digit grouping whatever the page's language: "935.079" is 935079. The
    # language is switched once for all the rows: switched for each, it was a tenth of reading a file.
    with override("id"):
        return [_snapshot_row(line, cells) for line, cells in table]


def _snapshot_row(line: int, cells: dict) -> ImportRow:
    row = _coded_row(line, cells, missing=_("The regency code is missing."))
    _read_cells(row, cells, {"as_of": date, **dict.fromkeys(CoverageSnapshot.COUNTS, count)})
    for name in ("participants", "working_population"):
        if row.values.get(name, 0) is None:
            row.errors.append((name, _("This field is required.")))
    for name in ("source", "note"):
        row.values[name] = _free_text(row, name, cells.get(name))
    return row


# The cells someone fills in. A downloaded template's row that still holds only its code, name, date and
# pre-filled working population is a row left empty: skipped, as in the entry grid, not refused.
FILLED_IN_COLUMNS = ("participants", *CoverageSnapshot.SEGMENTS)


def filled_in(table: Iterator[tuple[int, dict]]) -> Iterator[tuple[int, dict]]:
    """The data rows of a snapshot file that someone filled in."""
    return ((line, cells) for line, cells in table
            if any(cells.get(name) not in (None, "") for name in FILLED_IN_COLUMNS))


def read_snapshot_file(file, *, name: str = "", **limits) -> list[ImportRow]:
    """Every filled-in data row of a snapshot file, read and typed (FileRefused if the file as a whole is wrong)."""
    return require_rows(snapshot_rows(filled_in(open_table(file, name=name, **limits))))


# --- Targets ---------------------------------------------------------------------------------------------

TARGET_REQUIRED = ("code", "year", "percent", "source")
_percent_field = PercentField()


def percent(value):
    """A percentage from a number cell, or written with "." or "," before the decimals ("67.28", "67,28")."""
    if isinstance(value, float):
        value = repr(value)
    return _percent_field.clean(text(value))  # the admin's rule (snapshots/fields.py: PercentField)


def year(value):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text_value = text(value)
    if not text_value.isascii() or not text_value.isdigit() or len(text_value) != 4:
        raise CellError(_("Enter a year such as 2025."), code="invalid")
    return int(text_value)


def target_rows(table: Iterator[tuple[int, dict]]) -> list[ImportRow]:
    """Target rows: place code (a province "51" or a regency "51.03"), year, percent, source, note."""
    with override("id"):
        return [_target_row(line, cells) for line, cells in table]


def _target_row(line: int, cells: dict) -> ImportRow:
    row = _coded_row(line, cells, missing=_("The place code is missing."))
    _read_cells(row, cells, {"year": year, "percent": percent})
    row.values["source"] = _free_text(row, "source", cells.get("source")).lower()
    if "note" in cells:  # without the column, a stored target keeps its note
        row.values["note"] = _free_text(row, "note", cells["note"])
    return row


def read_target_file(file, *, name: str = "", **limits) -> list[ImportRow]:
    table = open_table(file, name=name, columns=TARGET_REQUIRED, **limits)
    return require_rows(target_rows(table))
