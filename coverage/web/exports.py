"""CSV and XLSX downloads of a page's rows (`?_export=csv|xlsx`), shared by the rankings and the history.

The CSV is for scripts: its header holds the stable column keys, its values are raw whatever the page's language
(integers without thousands separators, decimals with ".", dates as ISO, an empty cell for "no value"), and a
byte-order mark tells spreadsheet programs that it is UTF-8. The XLSX is for people: its header is in the page's
language, bold and frozen, its columns wide enough, its numbers real numbers shown with thousands separators, its
percentages with "%" and its dates as dates. The import reads both headers back (`column_key`). The CSV is
streamed so that the whole national history never sits in memory; the XLSX is written by openpyxl in write-only
mode.
"""
import csv
import datetime
import functools
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

EXPORT_PARAMETER = "_export"
CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
# Rows per chunk handed to the server: one write per chunk instead of one per row.
CHUNK_ROWS = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BYTE_ORDER_MARK = "\ufeff"

# Every export key's header in a workbook, in the page's language; a key without one is its own header.
COLUMN_LABELS = {
    "rank": gettext_lazy("Rank"), "code": gettext_lazy("Code"), "regency": gettext_lazy("Regency"),
    "province": gettext_lazy("Province"), "place": gettext_lazy("Place"), "as_of": gettext_lazy("As of"),
    "participants": gettext_lazy("Active participants"), "working_population": gettext_lazy("Working population"),
    "coverage_pct": gettext_lazy("Coverage (%)"), "target_pct": gettext_lazy("Target (%)"),
    "gap_pp": gettext_lazy("Gap (points)"), "participants_needed": gettext_lazy("Participants needed"),
    "change_pp": gettext_lazy("Change (points)"), "regencies_reporting": gettext_lazy("Regencies reporting"),
    "regencies_total": gettext_lazy("Regencies in total"), "regencies_approved": gettext_lazy("Regencies approved"),
    "source": gettext_lazy("Source"), "note": gettext_lazy("Note"), "status": gettext_lazy("Status"),
    "pace_per_month": gettext_lazy("Pace a month"), "needed_per_month": gettext_lazy("Needed a month"),
    "projected_pct": gettext_lazy("Projected 31 Dec (%)"), "outlook": gettext_lazy("Outlook"),
    "deadline": gettext_lazy("Deadline"), "entered_at": gettext_lazy("Entered at"),
    "timeliness": gettext_lazy("Timeliness"), "year": gettext_lazy("Year"), "percent": gettext_lazy("Percent (%)"),
}
# How a workbook shows a number: counts with thousands separators (each spreadsheet program shows its own
# language's), percentages as the numbers the CSV holds with a "%" after them, points with two decimals.
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.00"%"'
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "d mmm yyyy"
PLAIN_INTEGERS = {"rank", "year"}  # 2025 is a year, not two thousand and twenty-five
# Column widths in characters: text columns wide enough for most names, the others for their header.
TEXT_WIDTH, NUMBER_WIDTH, MAX_WIDTH = 28, 12, 40
TEXT_COLUMNS = {"regency", "province", "place", "source", "note", "status", "outlook", "timeliness"}
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\\\[\]:*?/]")
SHEET_NAME_LENGTH = 31


def export_format(request: HttpRequest) -> str | None:
    """The format asked for with `?_export=`, or None; an unknown one is reported as a page message."""
    value = request.GET.get(EXPORT_PARAMETER, "").strip().lower()
    if not value:
        return None
    if value in FORMATS:
        return value
    messages.warning(
        request,
        _("“%(value)s” is not an export format; choose CSV or XLSX. The page is shown instead.")
        % {"value": request.GET[EXPORT_PARAMETER][:20]},
    )
    return None


def export_refused(request: HttpRequest) -> HttpResponse:
    """A download asked for with a bad parameter: 400 and the page's messages as plain text, never the HTML page.

    A script that asks for a CSV must not mistake a page for the data, nor get rows other than those it asked for.
    """
    reasons = [str(message) for message in messages.get_messages(request)]
    return HttpResponse("\n".join(reasons) + "\n", status=400, content_type="text/plain; charset=utf-8")


def export_links(request: HttpRequest) -> dict[str, str]:
    """Query strings for the download links: the page's own filter and sort, plus `_export`."""
    links = {}
    for fmt in FORMATS:
        query = request.GET.copy()
        for name in ("page", EXPORT_PARAMETER):
            query.pop(name, None)
        query[EXPORT_PARAMETER] = fmt
        links[fmt] = "?" + query.urlencode()
    return links


def export_response(
    fmt: str, *, columns: Sequence[str], rows: Iterable[Sequence], filename: str, title: str = ""
) -> HttpResponseBase:
    """The download of `rows` (each a sequence of values in `columns` order) as `filename`.csv/.xlsx.

    `title` names the workbook's sheet (in the page's language); the file name does without one.
    """
    if fmt == CSV:
        return csv_response(columns=columns, rows=rows, filename=filename, byte_order_mark=True)
    if fmt == XLSX:
        return xlsx_response(columns=columns, rows=rows, filename=filename, title=title)
    raise ValueError(f"unknown export format {fmt!r}")


def column_key(header: str) -> str:
    """The key of a file's column header: a key as the CSV writes it, or its workbook header in any language."""
    name = header.strip().casefold()
    return _keys_of_labels().get(name, name)


@functools.cache
def _keys_of_labels() -> dict[str, str]:
    keys = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            keys.update({str(label).casefold(): key for key, label in COLUMN_LABELS.items()})
    return keys



# Formula injection. A spreadsheet runs a text as a formula when a cell starts with "=", "+", "-" or "@", and a
# cell may start anywhere a program splits the line: at "," or at ";" (Indonesian spreadsheet programs read CSV
# at ";"), at a tab, or at a line break. The CSV's own quoting is no protection: a program splitting at ";" does
# not see it, so `"BPJS;=1+1"` still gives it a cell `=1+1"`. Spaces and a '"' standing before the sign may be
# trimmed or read as an opening quote by that program, so they are looked through.
# Each such sign gets a "'" before it (`BPJS;'=1+1`): a cell starting with "'" is text to every spreadsheet
# program (typed in, it is their own mark for text). "'"s already there get one more, so that the import can
# take exactly one off and read back what was exported. Numbers are not text and are written as they are.
_FIELD_START = r"(?:^|(?<=[,;\t\r\n]))[ \"]*"
_FORMULA_SIGN = r"(?='*[=+\-@])"
_NEEDS_MARK = re.compile(_FIELD_START + _FORMULA_SIGN)
_MARK = re.compile(f"({_FIELD_START})'{_FORMULA_SIGN}")
_ANY_SIGN = re.compile(r"[=+\-@]")


def inert_text(value: str) -> str:
    """Text that a spreadsheet shows as written: free text such as a snapshot's source must never run as a formula."""
    # Most text holds no sign at all; looking for one costs a tenth of the substitution, which alone would halve
    # the speed of the history export (several text cells a row).
    return _NEEDS_MARK.sub(r"\g<0>'", value) if _ANY_SIGN.search(value) else value


def undo_inert_text(value: str) -> str:
    """The text that inert_text() was given: one "'" less before each formula sign it marked."""
    return _MARK.sub(r"\1", value)


def raw(value) -> str:
    """A value as it goes into a CSV cell: no thousands separators, "." for decimals, "" for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return inert_text(value)
    return str(value)


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer in a generator."""

    def write(self, value):
        return value


def _csv_chunks(columns: Sequence[str], rows: Iterable[Sequence], *, byte_order_mark: bool) -> Iterable[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield (BYTE_ORDER_MARK if byte_order_mark else "") + writer.writerow(columns)
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield "".join([writer.writerow([raw(value) for value in row]) for row in chunk])


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(*, columns: Sequence[str], rows: Iterable[Sequence], filename: str,
                 byte_order_mark: bool = False) -> StreamingHttpResponse:
    """A streamed CSV (UTF-8, header row of `columns`); rows are read lazily, e.g. from `.iterator()`.

    The pages' downloads start with a byte-order mark, for spreadsheet programs; the API's data files, read by
    scripts and described as plain UTF-8 by its data package, do without.
    """
    response = StreamingHttpResponse(_csv_chunks(columns, rows, byte_order_mark=byte_order_mark),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(f"{filename}.csv")
    return response


def _number_format(column: str, value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if column in PLAIN_INTEGERS else COUNT_FORMAT
    if isinstance(value, Decimal | float):
        return PERCENT_FORMAT if column.endswith("_pct") or column == "percent" else DECIMAL_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return None


def _xlsx_cell(sheet, column: str, value):
    """Numbers stay numbers, shown as people read them; a date becomes a date cell; text never becomes a formula."""
    if isinstance(value, str):
        # openpyxl writes a text starting with "=" as a formula; inert_text() leaves none. Nothing splits a cell
        # in an XLSX, but its text is marked as in the CSV: both downloads hold the same text, which the import
        # reads back alike, and which stays inert when the workbook is saved as CSV.
        return inert_text(value)
    number_format = _number_format(column, value)
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def sheet_name(title: str) -> str:
    """A sheet's name as Excel takes it: none of its forbidden characters, at most 31 characters."""
    name = SHEET_NAME_FORBIDDEN.sub("-", title).strip(" '")[:SHEET_NAME_LENGTH].strip(" '")
    return name or "Sheet1"


def _header(sheet, columns: Sequence[str]) -> list:
    """The bold header row in the page's language, frozen above the rows, each column as wide as it needs."""
    labels = [str(COLUMN_LABELS.get(column, column)) for column in columns]
    for index, (column, label) in enumerate(zip(columns, labels, strict=True), start=1):
        width = TEXT_WIDTH if column in TEXT_COLUMNS else NUMBER_WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(width, len(label) + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        cells.append(cell)
    return cells


def xlsx_response(*, columns: Sequence[str], rows: Iterable[Sequence], filename: str, title: str = "") -> FileResponse:
    """An XLSX workbook with one sheet named `title` (or the file): a header row, then the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name(str(title or filename)))
    sheet.append(_header(sheet, columns))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column, value) for column, value in zip(columns, row, strict=True)])
    # Write-only workbooks are written out once, to a file; a spooled file keeps small ones in memory.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)
