"""The first worksheet of an XLSX file, read at a cost that the file cannot choose, and never a server error.

An XLSX file is a zip of XML parts, and openpyxl believed them. Its read-only worksheet yielded every row
missing between two row numbers (a 3.7 KB file numbering its second row 99,999,999,999 kept a worker busy
for hours), it read the sheet twice and the whole shared-string table into a list (10 million empty rows or
strings, a few hundred KB zipped: minutes and a gigabyte), and a damaged part raised whatever its parsing
raised (a server error). So here:

- a part is opened only if the size that the zip declares for it is within its limit; zipfile never inflates
  a part past that size (the rest would fail its checksum), so the declaration is a bound, not a claim;
- openpyxl reads only the small parts that give the cells their meaning (the manifest, the workbook, the
  styles' date formats); the shared strings and the first sheet are streamed with expat, counted as they
  come, each row judged on its opening tag before its cells are read; the sheet is read once, and rows
  missing between two row numbers cost nothing (their numbers are passed on, never filled in);
- whatever a damaged file makes the reading raise is refused as "unreadable" (with the row when the damage
  is inside one) and logged with its technical cause.

The limits follow from the rows a file may hold (`Limits.for_rows`): the upload's cap (the setting
UPLOAD_MAX_ROWS), or for `import_snapshots`, which has no row cap, the 1,048,576 rows of a sheet in Excel. What
a real row needs was measured on the history export (13 columns): about 600 bytes of sheet XML per row with its
text inline, 33 elements, at most a dozen distinct strings; each limit allows a margin over that, per row of
the cap (the constants below). A file within every limit costs about what a real file of as many rows costs.
"""
import logging
import math
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl.packaging.manifest import Manifest
from openpyxl.reader.excel import _find_workbook_part  # openpyxl's own rule for where the workbook is
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring

from coverage import wording
from coverage.imports import reading  # its refusals' words (it imports this module only when it reads an XLSX)
from ucj_site.logfmt import kv_line

logger = logging.getLogger("ucj.imports")

# A sheet in Excel and LibreOffice ends at row 1,048,576 and column XFD (16,384), and a cell holds at most
# 32,767 characters: anything past them was not written by a spreadsheet program.
SHEET_ROWS = 1_048_576
SHEET_COLUMNS = 16_384
CELL_CHARACTERS = 32_767
# Columns past IV are not read: the widest file of ours has 13 columns, and every row is as wide as the
# widest before it (so that an empty cell at the end of a row is read as empty), which one cell at XFD
# would make 16,384 cells for every row after it.
READ_COLUMNS = 256
# The header and the blank rows above it, which a count of rows forgives.
ROWS_ABOVE_DATA = 100
# Per row of the cap, from what a real row of ours needs (see the module's docstring). Elements (tags) are
# what reading costs: 33 in a row of the history export (13 cells, text inline), 27 when Excel saves it.
ELEMENTS_PER_ROW = 40
SHEET_BYTES_PER_ROW = 1024
STRINGS_PER_ROW = 16
STRING_BYTES_PER_ROW = 512
# Any other part that openpyxl reads (styles, workbook, manifest, relationships) is parsed whole, in about 50
# times its size of memory and a second per MB of styles (measured): a real one takes a few dozen KB.
PART_BYTES = 1024 * 1024
# Expat keeps an unfinished tag, and every open element, in memory: a tag of a million attributes, or
# elements nested ten million deep (30 MB that zip to 30 KB), would take gigabytes. A sheet nests about 7
# deep, and its longest tag is a few dozen bytes.
DEPTH = 64
TAG_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024

_MAIN = SHEET_MAIN_NS + " "  # expat names an element "namespace local-name"
_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT, _PHONETIC, _STRING = (
    _MAIN + name for name in ("row", "c", "v", "f", "is", "t", "rPh", "si"))
_TEXT_ELEMENTS = frozenset((_VALUE, _TEXT, _FORMULA))  # a cell's text is read while one of them is open

# What openpyxl, zipfile, zlib and expat raise on a damaged file (found by tests and by fuzzing every part):
# bad numbers, dates and indexes (ValueError, LookupError, ArithmeticError), parts that do not fit openpyxl's
# classes (TypeError, AttributeError), broken zip streams (BadZipFile, EOFError, zlib.error, OSError), parts
# compressed or encrypted in ways zipfile does not read (NotImplementedError, RuntimeError), bad XML
# (ExpatError; SyntaxError from openpyxl's ElementTree) and defusedxml's refusal of entities (a ValueError).
_DAMAGE = (ValueError, LookupError, ArithmeticError, TypeError, AttributeError, zipfile.BadZipFile, EOFError,
           zlib.error, OSError, NotImplementedError, RuntimeError, expat.ExpatError, SyntaxError)


class Refused(ValidationError):
    """The file as a whole is refused; `code` says why (unreadable, too_many_rows, too_large_inside, ...)."""


@dataclass(frozen=True)
class Limits:
    rows: int  # <row> elements, empty or not
    elements: int  # in the shared strings and the sheet together
    sheet_bytes: int
    strings: int
    string_bytes: int
    max_rows: int | None  # the data rows a user is told

    @classmethod
    def for_rows(cls, max_rows: int | None) -> "Limits":
        rows = SHEET_ROWS if max_rows is None else max_rows + ROWS_ABOVE_DATA
        return cls(rows=rows, elements=rows * ELEMENTS_PER_ROW, sheet_bytes=rows * SHEET_BYTES_PER_ROW,
                   strings=rows * STRINGS_PER_ROW, string_bytes=rows * STRING_BYTES_PER_ROW, max_rows=max_rows)


class _Damaged(ValueError):
    """The file breaks a rule of the format that openpyxl would not have noticed (or would have filled in)."""


def sheet_rows(file, *, max_rows: int | None) -> Iterator[tuple[int, tuple]]:
    """The rows of the first worksheet as (row number, cell values); rows missing between numbers are left out.

    Every row is at least as wide as the widest before it. Raises Refused as soon as the file shows that it
    is not a workbook, is damaged, or holds more than `max_rows` data rows need (None: a sheet's most).
    """
    limits = Limits.for_rows(max_rows)
    sheet = None
    try:
        with _open_package(file, limits) as package:
            path, strings, workbook = _read_workbook(package, limits)
            # Where openpyxl's own sheet reader finds which styles are dates, and the calendar (1900 or 1904).
            sheet = _Sheet(limits, strings, workbook._date_formats, workbook._timedelta_formats, workbook.epoch)
            with package.open(path, limit=limits.sheet_bytes) as source:
                yield from _stream(source, sheet)
    except _DAMAGE as error:
        row = sheet.row if sheet is not None else None
        logger.warning(kv_line(event="xlsx_unreadable", row=row or "-",
                               cause=f"{type(error).__name__}: {error}"[:300]), extra={"kv": True})
        raise unreadable(row) from error


def _not_a_spreadsheet() -> Refused:
    return Refused(_("This file is not a spreadsheet: upload a .csv or .xlsx file."), code="not_a_spreadsheet")


def unreadable(row: int | None) -> Refused:
    if row is None:
        return Refused(_("This file cannot be read as a spreadsheet: it is damaged. Open it in your spreadsheet "
                         "program and save it again, as .xlsx or .csv."), code="unreadable")
    return Refused(_("This file cannot be read as a spreadsheet: row %(row)s of its first sheet is damaged. Open "
                     "it in your spreadsheet program and save it again, as .xlsx or .csv."), code="unreadable",
                   params={"row": row})


def _too_large(limits: Limits) -> Refused:
    return Refused(_("This spreadsheet holds far more than %(limit)s rows of figures would need (empty rows, cells, "
                     "text or formatting): keep only the rows and columns to import, or save it as .csv."),
                   code="too_large_inside", params={"limit": wording.number(limits.max_rows or SHEET_ROWS)})


class _Package(zipfile.ZipFile):
    """The workbook's zip: a part is opened only if its declared size is within its limit."""

    limits: Limits

    def open(self, name, mode="r", pwd=None, *, force_zip64=False, limit=PART_BYTES):
        # Every part that openpyxl parses is read through here (ZipFile.read calls open), with the default limit.
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        if info.file_size > limit:
            raise _too_large(self.limits)
        return super().open(info, mode, pwd, force_zip64=force_zip64)


def _open_package(file, limits: Limits) -> _Package:
    """The zip, if it is one with a manifest (an XLSX, or another Office file that _read_workbook refuses)."""
    try:
        package = _Package(file)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _not_a_spreadsheet() from None
    package.limits = limits
    if ARC_CONTENT_TYPES not in package.NameToInfo:
        package.close()
        raise _not_a_spreadsheet()
    return package


def _read_workbook(package: _Package, limits: Limits):
    """The first worksheet's part, the shared strings, and openpyxl's workbook (date styles and calendar)."""
    manifest = Manifest.from_tree(fromstring(package.read(ARC_CONTENT_TYPES)))
    try:
        workbook_part = _find_workbook_part(manifest)
    except OSError:  # a zip with a manifest but no workbook: a .docx, say
        raise _not_a_spreadsheet() from None
    workbook = WorkbookParser(package, workbook_part.PartName[1:], keep_links=False)
    workbook.parse()
    apply_stylesheet(package, workbook.wb)  # which styles make a number a date
    # The first sheet that is a worksheet, as openpyxl's `worksheets[0]`.
    path = next((rel.target for _sheet, rel in workbook.find_sheets()
                 if "chartsheet" not in rel.Type and rel.target in package.NameToInfo), None)
    if path is None:
        raise _Damaged("no worksheet")
    strings_part = manifest.find(SHARED_STRINGS)
    strings = _Strings(limits)
    if strings_part is not None:
        with package.open(strings_part.PartName[1:], limit=limits.string_bytes) as source:
            for _nothing in _stream(source, strings):
                pass  # the table yields no rows: it is complete at the end
    return path, strings, workbook.wb


def _no_doctype(*args):
    # No spreadsheet program writes one; refusing it refuses entity expansion ("billion laughs") too.
    raise _Damaged("a document type declaration")


def _stream(source, handler) -> Iterator:
    """Feed a part to expat chunk by chunk; after each chunk, what the handler completed in it."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.buffer_text = True
    fed = 0
    while chunk := source.read(CHUNK_BYTES):
        parser.Parse(chunk, False)
        fed += len(chunk)
        if fed - parser.CurrentByteIndex > TAG_BYTES:  # expat is still reading the tag that began there
            raise _Damaged("a tag longer than any spreadsheet writes")
        yield from handler.take()
    parser.Parse(b"", True)
    yield from handler.take()


class _Handler:
    """Expat's callbacks for one part; text goes to `target` while an element whose text is read is open."""

    target: list | None = None
    length = 0  # of the text read into `target`
    depth = 0  # elements open
    elements = 0  # elements read
    limits: Limits

    def count(self):
        """Called as each element opens (the sheet's handler has these lines inline: they run for every tag)."""
        self.depth += 1
        self.elements += 1
        if self.depth > DEPTH or self.elements > self.limits.elements:
            self.too_much()

    def too_much(self):
        if self.depth > DEPTH:
            raise _Damaged("elements nested deeper than any spreadsheet writes")
        raise _too_large(self.limits)

    def text(self, data):
        if self.target is not None:
            self.target.append(data)
            self.length += len(data)
            if self.length > CELL_CHARACTERS:
                raise _Damaged("a text longer than a cell holds")

    def take(self) -> list:
        return []


class _Strings(_Handler):
    """The shared-string table, counted as it is read (its `count` attribute is the file's claim)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.table = _StringTable()
        self.parts = None  # the pieces of the string being read
        self.phonetic = False  # inside a phonetic guide (rPh), whose text is not the cell's

    def start(self, name, attributes):
        self.count()
        if name == _STRING:
            if len(self.table) == self.limits.strings:
                raise _too_large(self.limits)
            self.parts, self.length = [], 0
        elif name == _TEXT and self.parts is not None and not self.phonetic:
            self.target = self.parts
        elif name == _PHONETIC:
            self.phonetic = True

    def end(self, name):
        self.depth -= 1
        if name == _STRING:
            self.table.append("".join(self.parts).replace("x005F_", ""))  # as openpyxl reads it
            self.parts = self.target = None
        elif name == _TEXT:
            self.target = None
        elif name == _PHONETIC:
            self.phonetic = False


class _StringTable(list):
    """A negative index is not one from the end: Python's list would silently take the last strings."""

    def __getitem__(self, index):
        if index < 0:
            raise IndexError(index)
        return super().__getitem__(index)


class _Sheet(_Handler):
    """A worksheet's rows, each judged on its opening tag and its cells typed as openpyxl types them."""

    def __init__(self, limits: Limits, strings: _Strings, date_styles, timedelta_styles, epoch):
        self.limits, self.strings, self.epoch = limits, strings.table, epoch
        self.elements = strings.elements  # one budget for the shared strings and the sheet
        self.date_styles, self.timedelta_styles = date_styles, timedelta_styles
        self.row = None  # the number of the row being read
        self.last_row = self.rows = self.width = 0  # the last row's number, rows read, the widest row so far
        self.done = []  # (number, values) of the rows completed since the last chunk
        self.values = {}  # column: value of the row being read
        self.column = 0  # the last cell's column in the row being read
        self.kind, self.style = "n", None  # the cell's type and style, as written
        self.value, self.formula, self.inline = None, None, None  # its text pieces, once the element opens
        self.phonetic = False

    def take(self) -> list:
        done, self.done = self.done, []
        return done

    def start(self, name, attributes):
        self.depth += 1  # self.count(), inlined: this runs for every element of the sheet
        self.elements += 1
        if self.depth > DEPTH or self.elements > self.limits.elements:
            self.too_much()
        if name == _CELL:
            self._start_cell(attributes)
        elif name == _VALUE:
            self.target = self.value = []
        elif name == _TEXT:
            if self.inline is not None and not self.phonetic:
                self.target = self.inline
        elif name == _ROW:
            self._start_row(attributes.get("r"))
        elif name == _INLINE:
            self.inline = []
        elif name == _FORMULA:
            self.target = self.formula = []
        elif name == _PHONETIC:
            self.phonetic = True

    def end(self, name):
        self.depth -= 1
        if name == _CELL:
            self.target = None
            # A cell without text is None, as a missing one is: only the others are typed and kept.
            if (self.value or self.formula is not None or self.inline is not None) and self.column <= READ_COLUMNS:
                self.values[self.column] = self._typed()
        elif name in _TEXT_ELEMENTS:
            self.target = None
        elif name == _ROW:
            self._end_row()
        elif name == _PHONETIC:
            self.phonetic = False

    def _start_row(self, number):
        if self.row is not None:
            raise _Damaged("a row inside a row")
        self.row = int(number) if number is not None else self.last_row + 1
        if not self.last_row < self.row <= SHEET_ROWS:
            raise _Damaged("a row out of order or past a sheet's last row")
        self.rows += 1
        if self.rows > self.limits.rows:
            raise reading.too_many_rows(self.limits.max_rows)
        self.column = 0
        self.values = {}

    def _end_row(self):
        self.width = max(self.width, min(self.column, READ_COLUMNS))
        values = [None] * self.width
        for column, value in self.values.items():
            values[column - 1] = value
        self.done.append((self.row, tuple(values)))
        self.last_row, self.row = self.row, None

    def _start_cell(self, attributes):
        if self.row is None:
            raise _Damaged("a cell outside a row")
        reference = attributes.get("r")
        column = _column(reference) if reference is not None else self.column + 1
        if column <= self.column:
            raise _Damaged("a cell out of order")
        self.column = column
        self.kind = attributes.get("t", "n")
        self.style = attributes.get("s")  # made a number only for a number cell: most cells have no style
        self.value, self.formula, self.inline, self.length = None, None, None, 0

    def _typed(self):
        """The cell's value as openpyxl's reader gives it (data_only=False: a formula is its text)."""
        if self.formula is not None:
            return "=" + "".join(self.formula)
        if self.kind == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        text = "".join(self.value) if self.value else ""
        if not text:
            return None
        if self.kind == "n":
            return self._number(text)
        if self.kind == "s":
            return self.strings[int(text)]
        if self.kind == "b":
            if text not in ("0", "1"):
                raise _Damaged("a boolean that is neither 0 nor 1")
            return text == "1"
        if self.kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's last result) and "e" (an error such as #N/A) are text

    def _number(self, text):
        number = float(text) if "." in text or "E" in text or "e" in text else int(text)  # as openpyxl
        if isinstance(number, float) and not math.isfinite(number):
            raise _Damaged("a number that is not finite")
        style = int(self.style) if self.style else 0
        if style in self.date_styles:
            try:
                return from_excel(number, self.epoch, timedelta=style in self.timedelta_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"  # a "date" past the calendar: openpyxl reads it as this error value
        return number


def _column(reference: str) -> int:
    """The column of a cell reference such as "AB12": a column's letters, then the row's digits."""
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters.upper())
    if column is None or len(letters) == len(reference):
        raise _Damaged(f"the cell reference {reference[:20]!r}")
    return column


# Every column's letters (A to XFD) and number: a look-up, where working the number out was a tenth of the
# reading of a real sheet.
_COLUMNS = {get_column_letter(column): column for column in range(1, SHEET_COLUMNS + 1)}
