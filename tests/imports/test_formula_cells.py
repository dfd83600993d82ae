"""Formulas on the way in: a formula cell is refused whatever sign it was typed with; text is kept as written."""
import pytest
from django.utils import translation
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from coverage.imports import reading as imports
from tests.imports.files import HEADER, csv_file, xlsx_file

FORMULA = "This cell holds a formula; paste its value instead."
ROW = ["51.03", "2025-03-31", 500, 1000, None, None, None, None]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read(file):
    [row] = imports.read_snapshot_file(file)
    return row


def with_source(source, participants=500):
    return [[*ROW[:2], participants, *ROW[3:], source]]


# Whatever was typed (`+1+1`, `-1+2`, `@SUM(A1)`), a spreadsheet keeps a formula, and openpyxl gives it back,
# starting with "=" (an array formula as an object).
@pytest.mark.parametrize("formula", ["=1+1", "=+1+1", "=-1+2", "=SUM(A1)", "{=SUM(C2:D2*2)}"],
                         ids=["=", "+", "-", "@", "array"])
@pytest.mark.parametrize("column", ["participants", "source"])
def test_an_xlsx_formula_is_refused_whatever_its_sign(column, formula):
    cells = dict(zip(HEADER, [*ROW, "BPJS"], strict=True))
    coordinate = f"{get_column_letter(HEADER.index(column) + 1)}2"
    cells[column] = ArrayFormula(coordinate, formula[1:-1]) if formula.startswith("{") else formula
    row = read(xlsx_file([list(cells.values())]))
    assert (column, FORMULA) in row.errors


@pytest.mark.parametrize("cell", ["=A1*2", " =A1*2"])
def test_a_csv_cell_starting_with_equals_is_refused_as_in_an_xlsx(cell):
    row = read(csv_file(with_source(cell, participants=cell)))
    assert row.errors == [("participants", FORMULA), ("source", FORMULA)]


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
@pytest.mark.parametrize("text", ["+62 361 123456", "- see report", "-", "@bpjs_denpasar", "+1+1", "BPJS;=1+1"])
def test_text_starting_with_a_sign_is_kept_as_written(make, text):
    row = read(make(with_source(text)))
    assert (row.errors, row.values["source"]) == ([], text)


# The "'" our exports put before a formula sign is what a spreadsheet user types to mean "text": one is taken
# off there, and only there.
@pytest.mark.parametrize(("cell", "source"), [
    ("'+62 361", "+62 361"), ("BPJS;'=1+1", "BPJS;=1+1"), ("a, '-1+2", "a, -1+2"), ("x\t\"'@SUM(A1)", "x\t\"@SUM(A1)"),
    ("''=1+1", "'=1+1"), ("'catatan", "'catatan"), ("it's BPJS", "it's BPJS"), ("a;'b", "a;'b"),
])
def test_the_exports_text_marks_are_taken_off(cell, source):
    row = read(csv_file(with_source(cell)))
    assert (row.errors, row.values["source"]) == ([], source)
