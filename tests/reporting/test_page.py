"""/reporting/: the rates per province, one province's grid, the export, who sees what, the fixed query count; the
deadline line of /entry/ and /review/."""
import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coverage.models import CoverageSnapshot, Regency
from tests.conftest import messages_of
from tests.factories import field_staff
from tests.reporting.conftest import TODAY, at, local

pytestmark = pytest.mark.django_db
URL = reverse("reporting")


def get(client, user, **params):
    client.force_login(user)
    with at(TODAY):
        return client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")


def rates(response):
    return {row.province.code: (row.regencies, row.expected, row.reported, row.on_time, row.late, row.missing,
                                str(row.completeness_pct), str(row.on_time_pct)) for row in response.context["rates"]}


def test_the_nation_shows_one_row_per_province_with_its_rates(client, pejabat, known_year):
    response = get(client, pejabat, year="2025")
    # Expected: January to March (April's deadline, 10 May, is ahead), for each regency.
    assert rates(response) == {"51": (2, 6, 5, 3, 2, 1, "83.33", "50.00"), "52": (1, 3, 2, 2, 0, 1, "66.67", "66.67")}
    total = response.context["total"]
    assert (total.expected, total.on_time, total.late, total.missing) == (9, 5, 2, 2)
    assert (str(total.completeness_pct), str(total.on_time_pct)) == ("77.78", "55.56")
    assert "83.33%" in response.content.decode()


def test_one_province_shows_its_regencies_by_month_end_in_words_and_review_states(client, pejabat, known_year):
    response = get(client, pejabat, year="2025", province="51")
    calendar = response.context["calendar"]
    grid = {row.regency.code: [(cell.timeliness.value, cell.status) for cell in row.cells] for row in calendar.rows}
    assert grid == {
        "51.03": [("on_time", "submitted"), ("late", "submitted"), ("on_time", "approved"), ("on_time", "submitted")],
        "51.06": [("late", "submitted"), ("missing", ""), ("on_time", "returned"), ("due", "")],
    }
    page = response.content.decode()
    for words in ("✓ on time", "◷ late", "✗ missing", "… due", "returned", "approved", "awaiting review"):
        assert words in page
    assert "due 10 Feb" in page


def test_the_export_has_one_row_per_regency_and_cut_off_with_raw_values(client, pejabat, known_year):
    response = get(client, pejabat, year="2025", province="51", _export="csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["code", "regency", "province", "as_of", "deadline", "entered_at", "timeliness", "status"]
    assert len(rows) == 1 + 2 * 4
    assert rows[1] == ["51.03", "Kabupaten Badung", "Bali", "2025-01-31", "2025-02-10", "2025-02-10T23:59:00+07:00",
                       "on_time", "submitted"]
    assert rows[6] == ["51.06", "Kabupaten Bangli", "Bali", "2025-02-28", "2025-03-10", "", "missing", ""]
    workbook = get(client, pejabat, year="2025", _export="xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + 3 * 4 and values[-1][0] == "52.01" and values[-1][6] == "due"


@pytest.mark.parametrize("params, message", [
    ({"year": "20x5"}, "The year must be written as four digits"),
    ({"year": "2013"}, "There are cut-offs from 2014 to this year only."),
    ({"province": "99"}, "is not a province whose reporting you follow"),
])
def test_a_bad_parameter_is_a_message_on_the_page_and_refuses_the_export(client, pejabat, known_year, params,
                                                                          message):
    response = get(client, pejabat, **params)
    assert response.status_code == 200 and any(message in text for text in messages_of(response))
    refused = get(client, pejabat, **params, _export="csv")
    assert refused.status_code == 400 and message in refused.content.decode()


def test_field_staff_see_only_their_own_places(client, known_year, lombok_barat):
    staff = field_staff(places=[lombok_barat], username="petugas_ntb")
    assert set(rates(get(client, staff, year="2025"))) == {"52"}
    response = get(client, staff, year="2025", province="51")
    assert any("not a province whose reporting you follow" in text for text in messages_of(response))


def test_supervisors_see_the_whole_country(client, penyetuju, known_year):
    assert set(rates(get(client, penyetuju, year="2025"))) == {"51", "52"}


def add_history(regencies, years):
    """Twelve month-ends a year of figures for each regency, stored in bulk (before the year shown)."""
    rows = [CoverageSnapshot(regency=regency, as_of=datetime.date(year, month % 12 + 1, 1) - datetime.timedelta(days=1),
                             participants=400, working_population=1000)
            for regency in regencies for year in years for month in range(1, 13)]
    CoverageSnapshot.objects.bulk_create(rows)


@pytest.mark.parametrize("params", [{"year": "2025"}, {"year": "2025", "province": "51"},
                                    {"year": "2025", "_export": "csv"}])
def test_the_page_takes_the_same_queries_whatever_the_years_of_history(client, pejabat, known_year,
                                                                       django_assert_max_num_queries, params):
    client.force_login(pejabat)
    with at(TODAY), django_assert_max_num_queries(12) as few:
        b"".join(getattr(client.get(URL, params), "streaming_content", [b""]))
    add_history(Regency.objects.all(), range(2015, 2025))
    with at(TODAY), django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(getattr(client.get(URL, params), "streaming_content", [b""]))


def test_entry_and_review_show_the_deadline_and_the_days_left_or_past(client, petugas, penyetuju, badung):
    client.force_login(petugas)
    with at(local(2025, 11, 7, 9, 0)):
        page = client.get(reverse("entry"), {"as_of": "2025-10-31"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The figures as of 31 October 2025 are due on 10 November 2025:" in page and "3 days left" in page
    client.force_login(penyetuju)
    with at(local(2025, 11, 12, 9, 0)):
        page = client.get(reverse("review"), {"province": "51", "as_of": "2025-10-31"}).content.decode()
    assert "Angka per 31 Oktober 2025 jatuh tempo pada 10 November 2025:" in page and "lewat 2 hari" in page
