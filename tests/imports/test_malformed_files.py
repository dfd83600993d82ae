"""Damaged spreadsheets: every way files come in answers "cannot be read as a spreadsheet", stores nothing, logs it.

Before coverage/imports/xlsx_guard.py each of these files answered a server error.
"""
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coverage.imports import reading as imports
from coverage.models import CoverageSnapshot, Target
from tests.factories import SnapshotFactory, TargetFactory
from tests.imports.files import MAIN, STYLES, text_cells, xlsx_parts

pytestmark = pytest.mark.django_db

GOOD_CELL = '<c r="C2"><v>5</v></c>'
# name: (the third cell of the data row, or what else is damaged; the row the message names, if any)
DAMAGE = {
    "number abc": ({"cell": '<c r="C2"><v>abc</v></c>'}, 2),
    "number NaN": ({"cell": '<c r="C2"><v>NaN</v></c>'}, 2),
    "number infinite": ({"cell": '<c r="C2"><v>1e999</v></c>'}, 2),
    "shared string past the end": ({"cell": '<c r="C2" t="s"><v>1</v></c>', "strings": "<si><t>5</t></si>"}, 2),
    "shared string negative": ({"cell": '<c r="C2" t="s"><v>-1</v></c>', "strings": "<si><t>5</t></si>"}, 2),
    "shared string not a number": ({"cell": '<c r="C2" t="s"><v>x</v></c>', "strings": "<si><t>5</t></si>"}, 2),
    "date cell not a date": ({"cell": '<c r="C2" t="d"><v>kemarin</v></c>'}, 2),
    "boolean cell not a boolean": ({"cell": '<c r="C2" t="b"><v>ya</v></c>'}, 2),
    "reference !!2": ({"cell": '<c r="!!2"><v>5</v></c>'}, 2),
    "reference ZZZZ2": ({"cell": '<c r="ZZZZ2"><v>5</v></c>'}, 2),
    "cells out of order": ({"cell": '<c r="A2"><v>5</v></c>'}, 2),
    "row abc": ({"row": "abc"}, None),
    "character 0": ({"cell": '<c r="C2" t="inlineStr"><is><t>5&#0;</t></is></c>'}, 2),
    "truncated sheet": ({"truncate": 30}, 2),
    "empty fill in the styles": ({"styles": STYLES.replace("<fill><patternFill/></fill>", "<fill/>")}, None),
}


def damaged(header, first, second, last, *, cell=GOOD_CELL, row="2", strings=None, styles=STYLES, truncate=0):
    """A workbook whose data row is `first`, `second`, a third cell, `last`, with one thing damaged."""
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{text_cells(header)}</row><row r="{row}">'
             f'{text_cells([first, second])}{cell}{text_cells([last])}</row></sheetData></worksheet>')
    return xlsx_parts("", strings=strings, styles=styles, sheet_xml=sheet[:len(sheet) - truncate])


IMPORTS = {
    "entry upload": (reverse("entry_upload"), "petugas", CoverageSnapshot,
                     ["code", "as_of", "participants", "working_population"], ["51.03", "2025-03-31", "1000"]),
    "admin snapshots": (reverse("admin:coverage_coveragesnapshot_import"), "administrator", CoverageSnapshot,
                        ["code", "as_of", "participants", "working_population"], ["51.03", "2025-03-31", "1000"]),
    "admin targets": (reverse("admin:coverage_target_import"), "administrator", Target,
                      ["code", "year", "percent", "source"], ["51", "2025", "kemendagri"]),
}


@pytest.fixture
def stored(badung):
    """A figure and a target already stored: the refused file must leave them, and add nothing."""
    SnapshotFactory(regency=badung, as_of="2025-02-28", participants=400, working_population=1000)
    TargetFactory(province=badung.province, year=2025, percent=Decimal("60.00"))


@pytest.mark.parametrize("where", IMPORTS)
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_file_is_answered_and_stores_nothing(request, client, stored, caplog, where, damage):
    url, user, model, header, (first, second, last) = IMPORTS[where]
    changes, row = DAMAGE[damage]
    client.force_login(request.getfixturevalue(user))
    before = model.objects.count()
    response = client.post(url, {"preview": "1", "file": SimpleUploadedFile(
        "damaged.xlsx", damaged(header, first, second, last, **changes).getvalue())}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This file cannot be read as a spreadsheet" in page
    assert (f"row {row} of its first sheet is damaged" if row else "it is damaged") in page
    assert model.objects.count() == before
    assert any(record.levelname == "WARNING" and "event=upload_refused" in record.getMessage()
               and "reason=unreadable" in record.getMessage() for record in caplog.records)
    assert any(record.levelname == "WARNING" and "event=xlsx_unreadable" in record.getMessage()
               for record in caplog.records)  # with the technical cause, for whoever reads the log
    # Nothing is kept to confirm either.
    response = client.post(url, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "no longer kept" in response.content.decode()
    assert model.objects.count() == before


@pytest.mark.parametrize("where", IMPORTS)
def test_the_answer_is_in_indonesian_first(request, client, stored, where):
    url, user, _model, header, (first, second, last) = IMPORTS[where]
    client.force_login(request.getfixturevalue(user))
    file = damaged(header, first, second, last, cell='<c r="C2"><v>abc</v></c>')
    response = client.post(url, {"preview": "1", "file": SimpleUploadedFile("rusak.xlsx", file.getvalue())})
    assert response.status_code == 200
    assert ("Berkas ini tidak dapat dibaca sebagai lembar kerja: baris 2 pada lembar pertamanya rusak."
            in response.content.decode())


def test_a_good_file_built_the_same_way_is_previewed(client, petugas, badung):
    """The damaged files above differ from this one only in what is damaged."""
    client.force_login(petugas)
    file = damaged(IMPORTS["entry upload"][3], "51.03", "2025-03-31", "1000")
    response = client.post(reverse("entry_upload"), {"preview": "1", "file": SimpleUploadedFile(
        "maret.xlsx", file.getvalue())}, HTTP_ACCEPT_LANGUAGE="en")
    assert "1 to create" in response.content.decode()


@pytest.mark.parametrize("parts", [
    pytest.param({"word/document.xml": "<w/>"}, id="a zip without a manifest"),
    pytest.param({"[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                         'content-types"/>', "word/document.xml": "<w/>"},
                 id="a zip without a workbook"),
])
def test_a_zip_that_is_not_a_workbook_is_not_a_spreadsheet(parts):
    file = io.BytesIO()
    with zipfile.ZipFile(file, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(imports.FileRefused) as refused:
        imports.read_snapshot_file(file)
    assert refused.value.code == "not_a_spreadsheet"
