"""The paces read for a ranking's figures, and the outlook on both rankings' rows: base figures, falling places,
provinces whose regencies are partly unknown."""
import datetime
from decimal import Decimal

import pytest

from coverage.outlook.selectors import regency_paces
from coverage.outlook.statuses import Outlook
from coverage.rankings.selectors import province_ranking, regency_ranking
from tests.factories import RegencyFactory, SnapshotFactory, TargetFactory

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2025, 3, 31)
DEC, JAN = datetime.date(2024, 12, 31), datetime.date(2025, 1, 31)


def _history(regency, *figures):
    for as_of, participants in figures:
        SnapshotFactory(regency=regency, as_of=as_of, participants=participants, working_population=10_000)


def test_bali_published_a_year_on(bali_a_year_on):
    [bali] = province_ranking(as_of=MARCH)
    assert (bali.pace_per_month, bali.pace_months, bali.regencies_with_pace) == (5_722, 12, 9)
    assert (bali.months_left, bali.needed_per_month, bali.projected_pct, bali.outlook) == (
        9, 36_187, Decimal("52.65"), Outlook.LIMITED)
    assert bali.projection == ((MARCH, Decimal("49.90")), (datetime.date(2025, 12, 31), Decimal("52.65")))


def test_the_base_is_the_earliest_figure_within_the_twelve_months_before(badung):
    _history(badung, (datetime.date(2024, 2, 29), 1), (datetime.date(2024, 3, 31), 4_000),
             (datetime.date(2024, 9, 30), 4_500), (MARCH, 5_200))
    [pace] = regency_paces(figures={badung.pk: (MARCH, 5_200)}).values()
    assert (pace.base_as_of, pace.base_participants, pace.months, pace.per_month) == (
        datetime.date(2024, 3, 31), 4_000, 12, Decimal(100))


def test_three_months_of_history_give_a_pace_two_do_not(badung, bangli):
    _history(badung, (DEC, 4_700), (MARCH, 5_000))
    _history(bangli, (JAN, 4_700), (MARCH, 5_000))
    paces = regency_paces(figures={badung.pk: (MARCH, 5_000), bangli.pk: (MARCH, 5_000)})
    assert list(paces) == [badung.pk]
    assert (paces[badung.pk].months, paces[badung.pk].per_month) == (3, Decimal(100))


def test_no_base_figure_no_pace_and_the_outlook_unknown(badung):
    TargetFactory(province=badung.province, percent=Decimal("60.00"))
    _history(badung, (datetime.date(2023, 3, 31), 1_000), (MARCH, 5_000))  # two years apart: outside the window
    [row] = regency_ranking(as_of=MARCH)
    assert (row.pace, row.pace_per_month, row.projected_pct, row.projection) == (None, None, None, None)
    assert (row.needed_per_month, row.outlook, row.outlook_label) == (112, Outlook.UNKNOWN, "laju tidak diketahui")


def test_a_falling_regency_is_deteriorating(badung):
    TargetFactory(province=badung.province, percent=Decimal("60.00"))
    _history(badung, (DEC, 5_300), (MARCH, 5_000))
    [row] = regency_ranking(as_of=MARCH)
    assert (row.pace_per_month, row.projected_pct, row.outlook) == (-100, Decimal("41.00"), Outlook.DETERIORATING)


def test_on_31_december_no_month_is_left(badung):
    TargetFactory(province=badung.province, year=2024, percent=Decimal("60.00"))
    _history(badung, (datetime.date(2024, 9, 30), 4_000), (DEC, 5_000))
    [row] = regency_ranking(as_of=DEC)
    assert (row.months_left, row.needed_per_month, row.outlook) == (0, None, Outlook.MISSED)
    assert (row.projected_pct, row.projection) == (Decimal("50.00"), None)  # at no month left, as it is


def test_a_regency_without_a_target_has_no_outlook_but_a_pace(badung):
    _history(badung, (DEC, 4_700), (MARCH, 5_000))
    [row] = regency_ranking(as_of=MARCH)
    assert (row.pace_per_month, row.projected_pct, row.needed_per_month, row.outlook) == (
        100, Decimal("59.00"), None, None)


def test_a_province_partly_unknown_sums_the_paces_it_has(bali):
    TargetFactory(province=bali, percent=Decimal("60.00"))
    growing, falling, new = (RegencyFactory(province=bali, code=f"51.0{n}") for n in (1, 2, 3))
    _history(growing, (DEC, 4_000), (MARCH, 4_600))  # +200 a month
    _history(falling, (DEC, 5_000), (MARCH, 4_850))  # -50 a month
    _history(new, (MARCH, 5_000))  # no pace
    RegencyFactory(province=bali, code="51.04")  # not reported
    [row] = province_ranking(as_of=MARCH)
    assert (row.regencies_reporting, row.regencies_with_pace, row.pace_per_month, row.pace_months) == (3, 2, 150, 3)
    # 18,000 of 30,000 needed for 60%: 3,550 more over 9 months, 395 a month; R = 150 / 395 = 0.38.
    assert (row.participants_needed, row.needed_per_month, row.outlook) == (3_550, 395, Outlook.LIMITED)
    assert row.projected_pct == Decimal("52.67")  # (14,450 + 9 x 150) / 30,000


def test_a_province_none_of_whose_regencies_has_a_pace_is_unknown(bali):
    TargetFactory(province=bali, percent=Decimal("60.00"))
    _history(RegencyFactory(province=bali, code="51.01"), (MARCH, 5_000))
    [row] = province_ranking(as_of=MARCH)
    assert (row.pace, row.regencies_with_pace, row.outlook) == (None, 0, Outlook.UNKNOWN)


def test_paces_of_regencies_whose_figures_have_different_dates_use_their_own_windows(badung, bangli):
    _history(badung, (datetime.date(2024, 6, 30), 4_000), (MARCH, 4_900))  # 9 months
    _history(bangli, (datetime.date(2024, 1, 31), 1), (datetime.date(2024, 3, 31), 3_000),
             (datetime.date(2024, 12, 31), 3_600))  # its figure of December: window from 31 December 2023
    paces = regency_paces(figures={badung.pk: (MARCH, 4_900), bangli.pk: (datetime.date(2024, 12, 31), 3_600)})
    assert (paces[badung.pk].months, paces[badung.pk].per_month) == (9, Decimal(100))
    assert (paces[bangli.pk].base_as_of, paces[bangli.pk].months) == (datetime.date(2024, 1, 31), 11)
