"""Importing snapshot files: the preview, the all-or-nothing write, and every kind of bad file."""
import datetime

import pytest
from django.utils import timezone, translation

from coverage.imports import reading as imports
from coverage.imports import services
from coverage.models import CoverageSnapshot
from coverage.snapshots import batch
from coverage.snapshots import services as snapshot_services
from tests.factories import SnapshotFactory, field_staff
from tests.imports.files import HEADER, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def plan_of(file, user, **kwargs):
    rows = imports.require_rows(imports.snapshot_rows(imports.open_table(file, **kwargs)))
    return services.snapshots_import_plan(rows=rows, by=user)


def test_valid_file_stores_every_row_with_history(petugas, badung, bangli):
    file = csv_file([["51.03", "2025-03-31", "935.079", "1.873.899", "", "", "", "", "BPJS Denpasar"],
                     ["51.06", "2025-03-31", "35000", "98537", "", "", "", "", ""]])
    plan = plan_of(file, petugas)
    result = services.snapshots_import(plan=plan, by=petugas, file_name="maret.csv")
    assert result.created == 2
    stored = CoverageSnapshot.objects.get(regency=badung)
    assert (stored.participants, stored.working_population, stored.source) == (935079, 1873899, "BPJS Denpasar")
    history = stored.history.get()
    assert history.history_user == petugas
    assert "maret.csv" in history.history_change_reason


def test_xlsx_with_date_cells_and_number_cells(petugas, badung):
    file = xlsx_file([["51.03", datetime.datetime(2025, 3, 31), 935079, 1873899, None, None, None, None, None]])
    plan = plan_of(file, petugas)
    assert [line.action for line in plan.rows] == [batch.CREATE]
    assert plan.rows[0].values["as_of"] == datetime.date(2025, 3, 31)


def test_semicolon_csv_is_read(petugas, badung):
    plan = plan_of(csv_file([["51.03", "2025-03-31", "935.079", "1.873.899"]], header=HEADER[:4], delimiter=";"),
                   petugas)
    assert plan.rows[0].values["participants"] == 935079


def test_the_plan_writes_nothing(petugas, badung):
    plan_of(csv_file([["51.03", "2025-03-31", "500", "1000"]]), petugas)
    assert not CoverageSnapshot.objects.exists()


def test_one_bad_row_stores_nothing_and_names_the_row(petugas, badung, bangli):
    plan = plan_of(csv_file([["51.03", "2025-03-31", "500", "1000"], ["51.06", "2025-03-31", "1500", "1000"]]),
                   petugas)
    with pytest.raises(services.ImportRefused) as refused:
        services.snapshots_import(plan=plan, by=petugas, file_name="f.csv")
    assert refused.value.code == "rows_refused"
    assert not CoverageSnapshot.objects.exists()
    [bad] = plan.refused
    assert bad.line == 3
    assert "Participants cannot exceed the working population." in bad.errors


def test_only_the_valid_rows_when_chosen(petugas, badung, bangli):
    plan = plan_of(csv_file([["51.03", "2025-03-31", "500", "1000"], ["51.06", "2025-03-31", "1500", "1000"]]),
                   petugas)
    result = services.snapshots_import(plan=plan, by=petugas, file_name="f.csv", only_valid=True)
    assert (result.created, result.skipped) == (1, 1)
    assert list(CoverageSnapshot.objects.values_list("regency__code", flat=True)) == ["51.03"]


def test_unchanged_and_changed_rows(petugas, badung, bangli):
    same = SnapshotFactory(regency=badung, participants=500, working_population=1000)
    other = SnapshotFactory(regency=bangli, participants=500, working_population=1000)
    plan = plan_of(csv_file([["51.03", "2025-03-31", "500", "1000"], ["51.06", "2025-03-31", "510", "1000"]]),
                   petugas)
    assert [line.action for line in plan.rows] == [batch.UNCHANGED, batch.CHANGE]
    result = services.snapshots_import(plan=plan, by=petugas, file_name="koreksi.csv")
    assert (result.changed, result.unchanged) == (1, 1)
    other.refresh_from_db()
    same.refresh_from_db()
    assert (other.participants, other.version, same.version) == (510, 2, 1)
    assert "koreksi.csv" in other.history.latest().history_change_reason


def test_implausible_rows_need_a_reason(petugas, badung):
    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=500, working_population=1000)
    plan = plan_of(csv_file([["51.03", "2025-03-31", "900", "1000"]]), petugas)
    assert plan.implausible
    with pytest.raises(services.ImportRefused) as refused:
        services.snapshots_import(plan=plan, by=petugas, file_name="f.csv")
    assert refused.value.code == "implausible"
    services.snapshots_import(plan=plan, by=petugas, file_name="f.csv", implausible_note="new employer drive")
    assert CoverageSnapshot.objects.get(as_of="2025-03-31").note == "new employer drive"


def test_previous_figure_may_come_from_the_file_itself(petugas, badung):
    plan = plan_of(csv_file([["51.03", "2025-02-28", "500", "1000"], ["51.03", "2025-03-31", "900", "1000"]]),
                   petugas)
    assert [bool(line.warnings) for line in plan.rows] == [False, True]


@pytest.mark.parametrize(("cells", "message"), [
    (["51.03", "2025-03-31", "n/a", "1000"], "Enter a whole number without decimals, e.g. 935079."),
    (["51.03", "2025-03-31", "=A1*2", "1000"], "This cell holds a formula; paste its value instead."),
    (["51.03", "2025-03-31", "12,5", "1000"], "Enter a whole number without decimals, e.g. 935079."),
    (["99.99", "2025-03-31", "500", "1000"], "No regency has the code “99.99”."),
    (["51.03", "31/03/2025", "500", "1000"], "Enter a date as YYYY-MM-DD, e.g. 2025-03-31."),
    (["51.03", "2013-12-31", "500", "1000"], "Snapshots cannot be dated before 1 January 2014."),
    (["52.01", "2025-03-31", "500", "1000"], "You are not assigned to enter figures for this regency."),
])
def test_bad_rows_are_refused_with_their_reason(petugas, badung, lombok_barat, cells, message):
    plan = plan_of(csv_file([cells], header=HEADER[:4]), petugas)
    [line] = plan.refused
    assert any(message in error for error in line.errors), line.errors


def test_future_date_is_refused(petugas, badung):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    [line] = plan_of(csv_file([["51.03", tomorrow, "500", "1000"]], header=HEADER[:4]), petugas).refused
    assert "The date cannot be in the future." in line.errors


def test_xlsx_formula_cell_is_refused(petugas, badung):
    plan = plan_of(xlsx_file([["51.03", "2025-03-31", "=SUM(1,2)", 1000]], header=HEADER[:4]), petugas)
    assert "This cell holds a formula" in plan.refused[0].errors[0]


def test_duplicate_rows_in_the_file(petugas, badung):
    plan = plan_of(csv_file([["51.03", "2025-03-31", "500", "1000"], ["51.03", "2025-03-31", "501", "1000"]],
                            header=HEADER[:4]), petugas)
    [line] = plan.refused
    assert line.line == 3 and "Row 2 already gives this regency and date." in line.errors


@pytest.mark.parametrize(("content", "code"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not_a_spreadsheet"),
    (b"PK\x03\x04 not really a zip", "not_a_spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"code,as_of,participants\n51.03,2025-03-31,5\n", "missing_columns"),
    (b"", "empty"),
    (b"code,as_of,participants,working_population\n", "empty"),
    ("code,as_of,participants,working_population,source\n51.03,2025-03-31,5,10,Dinas Tenaga Kerja "
     "Kabupaten \xc9\n".encode("latin-1"), "not_utf8"),
    (b"code,as_of,participants,working_population,note\n51.03,2025-03-31,5,10," + b"x" * 200_000 + b"\n",
     "bad_csv"),
])
def test_bad_files_are_refused_whole(petugas, content, code):
    import io

    with pytest.raises(imports.FileRefused) as refused:
        plan_of(io.BytesIO(content), petugas)
    assert refused.value.code == code


def test_too_large_and_too_many_rows(petugas):
    with pytest.raises(imports.FileRefused) as refused:
        plan_of(csv_file([["51.03", "2025-03-31", "1", "2"]] * 20), petugas, max_bytes=100)
    assert refused.value.code == "too_large"
    with pytest.raises(imports.FileRefused) as refused:
        plan_of(csv_file([["51.03", "2025-03-31", "1", "2"]] * 20), petugas, max_rows=10)
    assert refused.value.code == "too_many_rows"


def test_missing_columns_message_names_them(petugas):
    with pytest.raises(imports.FileRefused) as refused:
        plan_of(csv_file([["51.03"]], header=["code", "tanggal"]), petugas)
    assert "as_of, participants, working_population" in refused.value.messages[0]


def test_preview_takes_the_same_number_of_queries_for_10_and_200_rows(regions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coverage.models import Province, Regency

    user = field_staff(places=list(Province.objects.all()))
    codes = list(Regency.objects.values_list("code", flat=True)[:200])
    queries = []
    for count in (10, 200):
        file = csv_file([[code, "2025-03-31", "500", "1000"] for code in codes[:count]], header=HEADER[:4])
        rows = imports.snapshot_rows(imports.open_table(file))
        fresh = type(user).objects.get(pk=user.pk)  # permissions not cached yet, as in a request
        with CaptureQueriesContext(connection) as captured:
            plan = services.snapshots_import_plan(rows=rows, by=fresh)
        assert plan.count(batch.CREATE) == count
        # The trial insert is one statement per batch the database accepts (SQLite: about 70 rows).
        inserts = [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
        assert len(inserts) <= 1 + count // 50
        queries.append(len(captured) - len(inserts))
    assert queries[0] == queries[1] <= 10, queries


def test_without_trial_the_write_names_the_rows_the_database_refuses(petugas, badung, bangli):
    file = csv_file([["51.03", "2025-03-31", "500", "1000"], ["51.06", "2025-03-31", "1500", "1000"]],
                    header=HEADER[:4])
    rows = imports.read_snapshot_file(file)
    plan = services.snapshots_import_plan(rows=rows, by=petugas, trial=False)
    assert not plan.refused  # left to the write
    with pytest.raises(services.ImportRefused):
        services.snapshots_import(plan=plan, by=petugas, file_name="f.csv")
    assert not CoverageSnapshot.objects.exists()
    assert plan.refused[0].line == 3
    plan = services.snapshots_import_plan(rows=rows, by=petugas, trial=False)
    result = services.snapshots_import(plan=plan, by=petugas, file_name="f.csv", only_valid=True)
    assert (result.created, result.skipped) == (1, 1)
    assert list(CoverageSnapshot.objects.values_list("regency__code", flat=True)) == ["51.03"]


def test_a_file_without_the_breakdown_columns_leaves_a_stored_breakdown_alone(petugas, badung):
    SnapshotFactory(regency=badung, participants=500, working_population=1000, pu=400, bpu=100, jakon=0, pmi=0)
    plan = plan_of(csv_file([["51.03", "2025-03-31", "500", "1000"]], header=HEADER[:4]), petugas)
    assert [line.action for line in plan.rows] == [batch.UNCHANGED]
    plan = plan_of(csv_file([["51.03", "2025-03-31", "500", "1000", "", "", "", ""]], header=HEADER[:8]), petugas)
    assert plan.rows[0].changed == {"pu": None, "bpu": None, "jakon": None, "pmi": None}  # empty cells: no value


def _judged_with_queries(rows, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = type(user).objects.get(pk=user.pk)  # permissions not cached yet, as in a request
    with CaptureQueriesContext(connection) as captured:
        plan = services.snapshots_import_plan(rows=rows, by=fresh)
    return plan, len(captured)


def test_rows_the_database_would_refuse_are_each_named_in_the_same_number_of_queries_however_many(petugas, regions):
    # Participants and working population swapped, as a file with two columns the wrong way round has them.
    months = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31"]
    codes = ["51.01", "51.02", "51.03", "51.04", "51.05", "51.06", "51.07", "51.08", "51.71"]
    swapped = [[code, month, "2000", "1000"] for month in months for code in codes]
    counted = []
    for count in (3, len(swapped)):
        rows = imports.read_snapshot_file(csv_file(swapped[:count], header=HEADER[:4]))
        plan, queries = _judged_with_queries(rows, petugas)
        assert [line.errors for line in plan.rows] == [["Participants cannot exceed the working population."]] * count
        counted.append(queries)
    assert counted[0] == counted[1], counted
    assert not CoverageSnapshot.objects.exists()


def test_a_row_breaking_two_database_rules_is_told_both_and_the_valid_rows_pass(petugas, badung, bangli):
    file = csv_file([["51.03", "2025-03-31", "500", "1000", "", "", "", "", ""],
                     ["51.06", "2025-03-31", "1500", "1000", "1000", "400", "0", "0", ""],
                     ["51.06", "2025-02-28", "500", "0", "", "", "", "", ""]])
    plan = services.snapshots_import_plan(rows=imports.read_snapshot_file(file), by=petugas)
    assert [line.action for line in plan.rows] == [batch.CREATE, batch.REFUSED, batch.REFUSED]
    assert plan.rows[1].errors == ["Participants cannot exceed the working population.",
                                   "PU, BPU, Jakon and PMI must add up to the participants."]
    assert plan.rows[2].errors == ["Participants cannot exceed the working population.",
                                   "The working population must be greater than zero."]
    # The same words as the one-row path gives (a figure typed on the entry form).
    for line in plan.rows[1:]:
        assert line.errors == batch.messages_of(snapshot_services.explain_refusal(line.candidate))
    assert not CoverageSnapshot.objects.exists()


def test_corrections_the_database_would_refuse_are_refused_when_judged_and_nothing_changes(petugas, badung, bangli):
    SnapshotFactory(regency=badung, participants=500, working_population=1000)
    SnapshotFactory(regency=bangli, participants=500, working_population=1000)
    file = csv_file([["51.03", "2025-03-31", "600", "1000"], ["51.06", "2025-03-31", "1200", "1000"]],
                    header=HEADER[:4])
    plan = services.snapshots_import_plan(rows=imports.read_snapshot_file(file), by=petugas)
    assert [line.action for line in plan.rows] == [batch.CHANGE, batch.REFUSED]
    assert plan.rows[1].errors == ["Participants cannot exceed the working population."]
    assert sorted(CoverageSnapshot.objects.values_list("participants", "version")) == [(500, 1), (500, 1)]
