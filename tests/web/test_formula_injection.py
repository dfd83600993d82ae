"""Formula injection: no text in an export runs as a formula, however a spreadsheet program splits its lines."""
import csv
import io
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from coverage.imports import reading as imports
from coverage.web import exports
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

# Text that a program splitting the line at ",", at ";" (Indonesian locales), at a tab or a line break would
# run as a formula.
DANGEROUS = ["BPJS;=1+1", "a,+1", "x\t@SUM(A1)", "-1+2", "BPJS; =1+1", 'a;"=1+1"', "a\n=1+1"]
DELIMITERS = re.compile(r"[,;\t\r\n]")


def formula_cells(text: str) -> list[str]:
    """The cells of `text` that start with a formula sign when it is split at any delimiter a program may use.

    Spreadsheet programs trim the spaces before a cell and may read a '"' there as an opening quote.
    """
    return [cell for cell in DELIMITERS.split(text) if cell.lstrip(' "').startswith(("=", "+", "-", "@"))]


def download(client, administrator, fmt) -> bytes:
    """The admin's snapshot export, with the /history/ export's columns."""
    client.force_login(administrator)
    response = client.get(reverse("admin:coverage_coveragesnapshot_export", args=[fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("source", DANGEROUS)
def test_no_csv_cell_starts_a_formula_whatever_the_delimiter(client, administrator, badung, source):
    SnapshotFactory(regency=badung, source=source)
    assert formula_cells(download(client, administrator, "csv").decode()) == []


@pytest.mark.parametrize("source", DANGEROUS)
def test_xlsx_text_is_inert_and_the_same_as_in_the_csv(client, administrator, badung, source):
    SnapshotFactory(regency=badung, source=source)
    [csv_row] = csv.DictReader(io.StringIO(download(client, administrator, "csv").decode()))
    header, row = load_workbook(io.BytesIO(download(client, administrator, "xlsx"))).active.rows
    assert [cell.data_type for cell in row if cell.data_type == "f"] == []
    xlsx_source = row[[exports.column_key(cell.value) for cell in header].index("source")].value
    # One text in both forms: an XLSX saved as CSV, or its cell pasted, is as inert as our own CSV.
    assert xlsx_source == csv_row["source"]
    assert formula_cells(xlsx_source) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("source", [*DANGEROUS, "=cmd|' /C calc'!A0", "'=1+1", "''+62 361", "- see report",
                                    "it's BPJS"])
def test_an_export_reads_back_unchanged(client, administrator, badung, source, fmt):
    SnapshotFactory(regency=badung, source=source)
    rows = imports.read_snapshot_file(io.BytesIO(download(client, administrator, fmt)))
    assert [(row.errors, row.values["source"]) for row in rows] == [([], source)]


@given(st.text(alphabet=list("ab =+-@'\",;\t\r\n")))
def test_marking_is_inert_and_undone_exactly(value):
    marked = exports.inert_text(value)
    assert formula_cells(marked) == []
    assert exports.undo_inert_text(marked) == value
