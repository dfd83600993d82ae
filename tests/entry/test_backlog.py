"""The entry home's backlog: every month-end still missing in the user's places, newest first, in fixed queries."""
import datetime

import pytest
from django.urls import reverse

from coverage.entry.selectors import entry_backlog
from coverage.models import Regency
from coverage.reporting.deadlines import month_ends
from coverage.snapshots.selectors import latest_month_end
from tests.entry.conftest import client_for
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2025, 6, 30)


def names(backlog):
    return [(cut_off.as_of, [r.name for _p, regencies in cut_off.provinces for r in regencies]) for cut_off in backlog]


def test_each_month_end_lists_the_regencies_without_a_figure_newest_first(badung, bangli, lombok_barat):
    for as_of in month_ends(datetime.date(2024, 1, 1), JUNE):
        if as_of != datetime.date(2025, 4, 30):
            SnapshotFactory(regency=badung, as_of=as_of)
    # Bangli began reporting in March 2025: it owes nothing from before.
    for as_of in (datetime.date(2025, 3, 31), datetime.date(2025, 5, 31)):
        SnapshotFactory(regency=bangli, as_of=as_of)
    backlog = entry_backlog(regencies=Regency.objects.filter(province=badung.province), through=JUNE)
    assert names(backlog) == [
        (JUNE, ["Kabupaten Bangli"]),
        (datetime.date(2025, 4, 30), ["Kabupaten Badung", "Kabupaten Bangli"]),
    ]


def test_a_regency_without_any_figure_owes_every_month_end_since_january_of_the_previous_year(badung):
    backlog = entry_backlog(regencies=Regency.objects.all(), through=JUNE)
    assert [cut_off.as_of for cut_off in backlog] == month_ends(datetime.date(2024, 1, 1), JUNE)[::-1]
    assert all(cut_off.missing == 1 for cut_off in backlog)


def test_a_figure_on_another_day_does_not_fill_the_month_end(badung):
    SnapshotFactory(regency=badung, as_of=datetime.date(2024, 1, 31))
    SnapshotFactory(regency=badung, as_of=datetime.date(2025, 6, 15))
    backlog = entry_backlog(regencies=Regency.objects.all(), through=JUNE)
    assert backlog[0].as_of == JUNE


def test_the_entry_home_links_each_missing_regency_to_the_form_and_the_province_to_the_grid(petugas, badung, bangli):
    latest = latest_month_end()
    earlier = month_ends(latest - datetime.timedelta(days=70), latest)[0]
    for as_of in month_ends(datetime.date(latest.year - 1, 1, 1), latest):
        SnapshotFactory(regency=bangli, as_of=as_of)
        if as_of != earlier:
            SnapshotFactory(regency=badung, as_of=as_of)
    body = client_for(petugas).get(reverse("entry")).content.decode()
    assert "Still missing: 1 month-end since" in body
    assert f'href="/entry/new/?regency=51.03&amp;as_of={earlier:%Y-%m-%d}">Kabupaten Badung</a>' in body
    assert f'href="/entry/grid/?province=51&amp;as_of={earlier:%Y-%m-%d}"' in body
    assert f"?regency=51.06&amp;as_of={earlier:%Y-%m-%d}" not in body


def test_nothing_missing_shows_no_backlog(petugas, badung):
    latest = latest_month_end()
    for as_of in month_ends(datetime.date(latest.year - 1, 1, 1), latest):
        SnapshotFactory(regency=badung, as_of=as_of)
    assert "Still missing" not in client_for(petugas).get(reverse("entry")).content.decode()


def test_the_backlog_takes_the_same_queries_however_long_the_history(petugas, badung, bangli,
                                                                      django_assert_max_num_queries):
    client = client_for(petugas)

    def queries():
        with django_assert_max_num_queries(20) as captured:
            assert client.get(reverse("entry")).status_code == 200
        return len(captured)

    before = queries()
    latest = latest_month_end()
    for as_of in month_ends(datetime.date(latest.year - 3, 1, 1), latest)[::2]:
        SnapshotFactory(regency=badung, as_of=as_of)
        SnapshotFactory(regency=bangli, as_of=as_of)
    assert queries() == before
