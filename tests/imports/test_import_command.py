"""`manage.py import_snapshots`: the same rules and history as the pages, all or nothing, a summary."""
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from coverage.models import CoverageSnapshot
from tests.imports.files import HEADER, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


def write(tmp_path, file, name="load.csv"):
    path = tmp_path / name
    path.write_bytes(file.getvalue())
    return str(path)


def test_loads_every_row_with_history_and_a_summary(tmp_path, petugas, badung, bangli, capsys):
    path = write(tmp_path, csv_file([["51.03", "2025-02-28", "500", "1000"], ["51.03", "2025-03-31", "510", "1000"],
                                     ["51.06", "2025-03-31", "300", "900"]], header=HEADER[:4]))
    call_command("import_snapshots", path, user=petugas.username)
    assert CoverageSnapshot.objects.count() == 3
    record = CoverageSnapshot.history.filter(as_of="2025-03-31", regency=badung).get()
    assert record.history_user == petugas and "load.csv" in record.history_change_reason
    assert "Stored: 3 created, 0 changed, 0 unchanged, 0 skipped." in capsys.readouterr().out


def test_dry_run_stores_nothing(tmp_path, petugas, badung):
    path = write(tmp_path, xlsx_file([["51.03", "2025-03-31", 500, 1000]], header=HEADER[:4]), "load.xlsx")
    call_command("import_snapshots", path, user=petugas.username, dry_run=True)
    assert not CoverageSnapshot.objects.exists()


def test_a_refused_row_stores_nothing_and_exits_with_the_reason(tmp_path, petugas, badung, lombok_barat, capsys):
    path = write(tmp_path, csv_file([["51.03", "2025-03-31", "500", "1000"], ["52.01", "2025-03-31", "5", "10"]],
                                    header=HEADER[:4]))
    with pytest.raises(CommandError, match="Refused, nothing stored"):
        call_command("import_snapshots", path, user=petugas.username)
    assert not CoverageSnapshot.objects.exists()
    assert "row 3 (52.01)" in capsys.readouterr().err


def test_a_file_that_is_not_a_spreadsheet(tmp_path, petugas):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with translation.override("en"), pytest.raises(CommandError, match="not a spreadsheet"):
        call_command("import_snapshots", str(path), user=petugas.username)


def test_a_row_the_database_refuses_is_named(tmp_path, petugas, badung, bangli, capsys):
    path = write(tmp_path, csv_file([["51.03", "2025-03-31", "500", "1000"], ["51.06", "2025-03-31", "1500", "1000"]],
                                    header=HEADER[:4]))
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_snapshots", path, user=petugas.username)
    assert not CoverageSnapshot.objects.exists()
    assert "row 3 (51.06): Participants cannot exceed the working population." in capsys.readouterr().err
