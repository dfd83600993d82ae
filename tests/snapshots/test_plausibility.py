"""The plausibility check: moves of more than 10 points of coverage or 20% of the working population."""
import datetime

import pytest
from django.utils.translation import override

from coverage.models import CoverageSnapshot
from coverage.snapshots.plausibility import plausibility_warnings
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous(badung):
    return SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=500, working_population=1000)


def codes(previous, participants, working_population):
    return [w.code for w in plausibility_warnings(previous=previous, participants=participants,
                                                  working_population=working_population)]


def test_no_previous_snapshot_gives_no_warning():
    assert codes(None, 1, 1000) == []


def test_move_of_exactly_10_points_is_accepted(previous):
    assert codes(previous, 600, 1000) == []


def test_coverage_move_above_10_points_warns(previous):
    assert codes(previous, 601, 1000) == ["coverage_jump"]
    assert codes(previous, 399, 1000) == ["coverage_jump"]


def test_working_population_move_above_20_percent_warns(previous):
    assert codes(previous, 600, 1200) == []
    assert codes(previous, 601, 1201) == ["working_population_jump"]
    assert codes(previous, 399, 799) == ["working_population_jump"]


def test_warning_names_both_figures(previous):
    with override("en"):
        [warning] = plausibility_warnings(previous=previous, participants=700, working_population=1000)
        assert warning.message == "Coverage moves from 50.00% to 70.00% since 28 February 2025, more than 10 points."


def test_warning_in_indonesian_uses_indonesian_numbers(previous):
    with override("id"):
        [warning] = plausibility_warnings(previous=previous, participants=650, working_population=1300)
        assert "1.000" in warning.message and "1.300" in warning.message


def test_a_previous_figure_without_working_population_gives_no_warning_and_no_error(badung):
    # A file's own earlier row, not stored and refused for its working population of 0.
    unjudged = CoverageSnapshot(regency=badung, as_of=datetime.date(2025, 2, 28), participants=500,
                                working_population=0)
    assert plausibility_warnings(previous=unjudged, participants=500, working_population=1000) == []
