"""grid_save: all rows or none, in a bounded number of queries, each row with its own error."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from coverage.entry import services
from coverage.entry.services import GridRow
from coverage.models import CoverageSnapshot, Regency
from coverage.snapshots import batch
from tests.factories import SnapshotFactory, field_staff

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 31)


def grid(rows, by, as_of=MARCH):
    return services.grid_save(as_of=as_of, rows=rows, by=by, reason="grid")


def test_a_province_of_38_regencies_is_stored_in_a_fixed_number_of_queries(regions, django_assert_max_num_queries):
    jatim = list(Regency.objects.filter(province__code="35"))
    assert len(jatim) == 38
    staff = field_staff(places=[jatim[0].province])
    rows = [GridRow(regency=r, participants=1000 + i, working_population=5000) for i, r in enumerate(jatim)]
    with django_assert_max_num_queries(12):
        result = grid(rows, staff)
    assert len(result.created) == 38
    assert CoverageSnapshot.objects.filter(as_of=MARCH).count() == 38
    assert CoverageSnapshot.history.filter(history_user=staff, history_change_reason="grid").count() == 38


def test_one_bad_row_stores_nothing_and_is_named(badung, bangli, petugas):
    rows = [GridRow(regency=badung, participants=10, working_population=20),
            GridRow(regency=bangli, participants=30, working_population=20)]
    with pytest.raises(services.GridRowErrors) as caught:
        grid(rows, petugas)
    assert list(caught.value.rows) == [1]
    assert not CoverageSnapshot.objects.exists()


def test_every_bad_row_is_named_at_once(badung, bangli, petugas):
    rows = [GridRow(regency=badung, participants=10, working_population=20, pu=11),
            GridRow(regency=bangli, participants=30, working_population=20)]
    with pytest.raises(services.GridRowErrors) as caught:
        grid(rows, petugas)
    assert sorted(caught.value.rows) == [0, 1]


def test_a_correction_fails_the_whole_grid_when_stale(badung, bangli, petugas):
    SnapshotFactory(regency=bangli, as_of=MARCH, participants=10, working_population=20, version=3)
    rows = [GridRow(regency=badung, participants=10, working_population=20),
            GridRow(regency=bangli, participants=11, working_population=20, expected_version=2,
                    change_reason="typo")]
    with pytest.raises(services.GridRowErrors) as caught:
        grid(rows, petugas)
    assert caught.value.rows[1].code == "stale"
    assert CoverageSnapshot.objects.count() == 1
    assert CoverageSnapshot.objects.get().participants == 10


def test_corrections_and_new_rows_are_stored_together(badung, bangli, petugas):
    stored = SnapshotFactory(regency=bangli, as_of=MARCH, participants=10, working_population=20)
    rows = [GridRow(regency=badung, participants=10, working_population=20),
            GridRow(regency=bangli, participants=11, working_population=20, expected_version=1,
                    change_reason="typo")]
    result = grid(rows, petugas)
    assert (len(result.created), len(result.corrected)) == (1, 1)
    assert CoverageSnapshot.objects.get(pk=stored.pk).history.first().history_change_reason == "typo"


def test_a_row_already_entered_meanwhile_is_a_duplicate(badung, petugas):
    SnapshotFactory(regency=badung, as_of=MARCH)
    with pytest.raises(services.GridRowErrors) as caught:
        grid([GridRow(regency=badung, participants=10, working_population=20)], petugas)
    assert caught.value.rows[0].code == "duplicate"


def test_other_province_row_is_refused(badung, lombok_barat, petugas):
    rows = [GridRow(regency=badung, participants=10, working_population=20),
            GridRow(regency=lombok_barat, participants=10, working_population=20)]
    with pytest.raises(ValidationError) as caught:
        grid(rows, petugas)
    assert caught.value.rows[1].error_dict["regency"][0].code == "not_assigned"
    assert not CoverageSnapshot.objects.exists()


def test_a_row_entered_concurrently_becomes_a_duplicate_not_a_server_error(badung, bangli, petugas, monkeypatch):
    """The lookup of stored rows misses one saved meanwhile: the database refuses, and the row is named."""
    existing = SnapshotFactory(regency=bangli, as_of=MARCH)
    monkeypatch.setattr(batch.selectors, "snapshots_between", lambda **kwargs: {})
    rows = [GridRow(regency=badung, participants=10, working_population=20),
            GridRow(regency=bangli, participants=10, working_population=20)]
    with pytest.raises(services.GridRowErrors) as caught:
        grid(rows, petugas)
    assert list(caught.value.rows) == [1]
    assert (caught.value.rows[1].code, caught.value.rows[1].params["pk"]) == ("duplicate", existing.pk)
    assert CoverageSnapshot.objects.count() == 1


def test_grid_check_names_the_rows_that_grid_save_would_refuse_and_stores_nothing(badung, bangli, petugas):
    rows = [GridRow(regency=badung, participants=10, working_population=20),
            GridRow(regency=bangli, participants=30, working_population=20)]
    with pytest.raises(services.GridRowErrors) as caught:
        services.grid_check(as_of=MARCH, rows=rows, by=petugas)
    assert list(caught.value.rows) == [1]
    services.grid_check(as_of=MARCH, rows=rows[:1], by=petugas)  # a valid grid passes
    assert not CoverageSnapshot.objects.exists()
