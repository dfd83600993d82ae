"""CSV and XLSX downloads of a page's rows (`?_export=csv|xlsx`), shared by the rankings and the history.

Exports carry raw values whatever the page's language: integers without thousands separators,
decimals with "." and dates as ISO, an empty cell for "no value". The CSV is streamed so that the
whole national history never sits in memory; the XLSX is written by openpyxl in write-only mode.
"""
import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import islice

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

EXPORT_PARAMETER = "_export"
CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
# Rows per chunk handed to the server: one write per chunk instead of one per row.
CHUNK_ROWS = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    fmt: str, *, columns: Sequence[str], rows: Iterable[Sequence], filename: str
) -> HttpResponseBase:
    """The download of `rows` (each a sequence of values in `columns` order) as `filename`.csv/.xlsx."""
    if fmt == CSV:
        return csv_response(columns=columns, rows=rows, filename=filename)
    if fmt == XLSX:
        return xlsx_response(columns=columns, rows=rows, filename=filename)
    raise ValueError(f"unknown export format {fmt!r}")


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


def _csv_chunks(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterable[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(columns)
    rows = iter(rows)
    while chunk := list(islice(rows, CHUNK_ROWS)):
        yield "".join([writer.writerow([raw(value) for value in row]) for row in chunk])


def _attachment(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def csv_response(*, columns: Sequence[str], rows: Iterable[Sequence], filename: str) -> StreamingHttpResponse:
    """A streamed CSV (UTF-8, header row of `columns`); rows are read lazily, e.g. from `.iterator()`."""
    response = StreamingHttpResponse(_csv_chunks(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(f"{filename}.csv")
    return response


def _xlsx_cell(sheet, value):
    """Numbers stay numbers; a date becomes a date cell shown as ISO; text never becomes a formula."""
    if isinstance(value, str):
        # openpyxl writes a text starting with "=" as a formula; inert_text() leaves none. Nothing splits a cell
        # in an XLSX, but its text is marked as in the CSV: both downloads hold the same text, which the import
        # reads back alike, and which stays inert when the workbook is saved as CSV.
        return inert_text(value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def xlsx_response(*, columns: Sequence[str], rows: Iterable[Sequence], filename: str) -> FileResponse:
    """An XLSX workbook with one sheet: a header row of `columns`, then the rows (numbers stay numbers)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(filename[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # Write-only workbooks are written out once, to a file; a spooled file keeps small ones in memory.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)
