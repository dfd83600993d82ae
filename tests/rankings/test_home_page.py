"""The overview: national figure, the province ranking at a glance, latest cut-off, links."""
import datetime

import pytest
from django.contrib.staticfiles import finders

from tests.conftest import messages_of
from tests.factories import ProvinceFactory, RegencyFactory, SnapshotFactory

pytestmark = pytest.mark.django_db


def test_national_figure_and_latest_cut_off(signed_in, known_bali, lombok_barat):
    SnapshotFactory(regency=lombok_barat, as_of=datetime.date(2025, 3, 31), participants=100, working_population=1000)
    response = signed_in.get("/", {"as_of": "2025-06-30"})
    body = response.content.decode()
    # Bali's 215,243 of 409,054 plus Lombok Barat's 100 of 1,000.
    assert "215.343" in body and "410.054" in body and "52,52%" in body
    assert "8 dari 10 kabupaten/kota melapor" in body  # the national figure sums only those that report
    assert "30 Juni 2025" in body


def test_province_ranking_at_a_glance_shows_both_ends(signed_in):
    for n in range(7):
        regency = RegencyFactory(province=ProvinceFactory(code=f"{11 + n}", name=f"Provinsi {n}"), code=f"{11 + n}.01")
        SnapshotFactory(regency=regency, participants=100 * (n + 1), working_population=1000)
    response = signed_in.get("/", {"as_of": "2025-06-30"})
    assert [row.code for row in response.context["highest"]] == ["17", "16", "15"]
    assert [row.code for row in response.context["lowest"]] == ["13", "12", "11"]
    body = response.content.decode()
    assert 'href="/provinces/17/"' in body and 'href="/rankings/provinces/"' in body and 'href="/history/"' in body
    assert "7 provinsi memiliki angka" in body


def test_no_lowest_list_when_every_province_is_among_the_highest(signed_in, known_bali):
    response = signed_in.get("/", {"as_of": "2025-06-30"})
    assert [row.code for row in response.context["highest"]] == ["51"]
    assert response.context["lowest"] == []


def test_empty_database_says_so(signed_in):
    assert "Belum ada data yang dicatat." in signed_in.get("/").content.decode()


def test_a_date_before_the_first_figure_links_to_the_first_figures(signed_in, known_bali):
    body = signed_in.get("/", {"as_of": "2024-12-31"}).content.decode()
    assert "Belum ada data yang dicatat." not in body
    assert "angka pertama berasal dari 28 Februari 2025" in body
    assert 'href="?as_of=2025-02-28">Tampilkan angka per 28 Februari 2025</a>' in body


def test_bad_date_answers_200_with_a_message(signed_in, known_bali):
    response = signed_in.get("/", {"as_of": "x"})
    assert response.status_code == 200
    assert len(messages_of(response)) == 1


def test_query_count_does_not_grow_with_history(signed_in, known_bali, django_assert_max_num_queries):
    def queries():
        with django_assert_max_num_queries(15) as captured:
            signed_in.get("/", {"as_of": "2025-06-30"})
        return len(captured)

    before = queries()
    for month in range(1, 13):
        for regency in known_bali.values():
            SnapshotFactory(regency=regency, as_of=datetime.date(2024, month, 28))
    assert queries() == before


def test_pages_name_the_app_icon_that_the_app_serves(signed_in):
    body = signed_in.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    assert finders.find("favicon.svg") is not None
