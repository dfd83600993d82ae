"""The outlook word: reached, missed, unknown, and Open SDG's thresholds on R = pace / needed a month at their edges."""
import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from coverage.outlook.statuses import Outlook, foresee, legend, outlook_of

BEHIND = Decimal("10.00")


@pytest.mark.parametrize(("pace", "outlook"), [
    ("95", Outlook.ON_TRACK), ("200", Outlook.ON_TRACK),
    ("94.99", Outlook.ACCELERATE), ("60", Outlook.ACCELERATE),
    ("59.99", Outlook.LIMITED), ("0", Outlook.LIMITED),
    ("-0.01", Outlook.DETERIORATING), ("-500", Outlook.DETERIORATING),
])
def test_thresholds_of_r_at_their_edges(pace, outlook):
    # 100 needed a month: R = pace / 100.
    assert outlook_of(gap_pp=BEHIND, months_left=9, pace=Decimal(pace), needed_per_month=100) == outlook


def test_reached_comes_first_whatever_the_pace():
    assert outlook_of(gap_pp=Decimal("0.00"), months_left=9, pace=Decimal(-5), needed_per_month=0) == Outlook.REACHED
    assert outlook_of(gap_pp=Decimal("-1.00"), months_left=0, pace=None, needed_per_month=None) == Outlook.REACHED


def test_no_month_left_is_missed_even_with_a_good_pace():
    assert outlook_of(gap_pp=Decimal("0.01"), months_left=0, pace=Decimal(10**6), needed_per_month=None) == (
        Outlook.MISSED)


def test_no_pace_is_unknown_and_no_target_no_outlook():
    assert outlook_of(gap_pp=BEHIND, months_left=9, pace=None, needed_per_month=100) == Outlook.UNKNOWN
    assert outlook_of(gap_pp=None, months_left=9, pace=Decimal(1), needed_per_month=None) is None


def test_foresee_bali_on_31_march_2025():
    foresight = foresee(participants=935_079, working_population=1_873_899, as_of=datetime.date(2025, 3, 31),
                        year=2025, gap_pp=Decimal("17.38"), participants_needed=325_681, pace=Decimal(5_722))
    assert (foresight.months_left, foresight.needed_per_month, foresight.projected_pct, foresight.outlook) == (
        9, 36_187, Decimal("52.65"), Outlook.LIMITED)


def test_the_legend_names_the_thresholds_in_the_language():
    with translation.override("en"):
        lines = {entry.value: entry.meaning for entry in legend()}
    assert lines["on_track"] == "its pace is at least 95% of the new participants it needs a month"
    assert lines["accelerate"] == "its pace is 60% to 95% of what it needs a month"
    assert lines["unknown"] == "no figure from 3 to 12 months before to measure its pace"
    assert [entry.value for entry in legend()] == Outlook.values
