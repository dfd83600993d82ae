"""The province page: roll-up, "7 of 9", target, gap, trend and the regencies that need the most workers."""
import datetime

import pytest

from tests.conftest import messages_of
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

URL = "/provinces/51/"
JUNE = {"as_of": "2025-06-30"}


def test_figure_is_the_roll_up_of_each_regencys_latest_snapshot(signed_in, known_bali):
    response = signed_in.get(URL, JUNE)
    figure = response.context["figure"]
    assert (figure.participants, figure.working_population, str(figure.coverage_pct)) == (215_243, 409_054, "52.62")
    body = response.content.decode()
    assert "215.243" in body and "409.054" in body and "52,62%" in body


def test_seven_of_nine_reported_and_one_stale(signed_in, known_bali):
    body = signed_in.get(URL, JUNE).content.decode()
    assert "7 dari 9 kabupaten/kota melapor" in body
    assert "1 angka sudah usang (lebih dari 3 bulan)" in body


def test_target_gap_in_points_and_in_workers(signed_in, known_bali):
    response = signed_in.get(URL, JUNE)
    figure = response.context["figure"]
    assert (str(figure.target_pct), str(figure.gap_pp), figure.participants_needed) == ("67.28", "14.66", 59_969)
    body = response.content.decode()
    assert "67,28%" in body and "14,66 poin" in body and "59.969" in body


def test_another_target_source(signed_in, known_bali):
    figure = signed_in.get(URL, {**JUNE, "source": "rpjmd"}).context["figure"]
    assert str(figure.target_pct) == "65.00"


def test_regencies_ranked_with_their_share_of_the_workers_needed(signed_in, known_bali):
    response = signed_in.get(URL, JUNE)
    rows = [(row.code, row.rank, str(share) if share else None) for row, share, _ in response.context["regencies"]]
    assert rows == [
        ("51.02", 1, "0.11"), ("51.03", 2, "42.57"), ("51.01", 3, "0.26"), ("51.04", 4, "0.40"),
        ("51.06", 5, "55.42"), ("51.07", 6, "0.55"), ("51.08", 7, "0.70"),
        ("51.05", None, None), ("51.71", None, None),
    ]
    assert [row.code for row in response.context["needs"].biggest] == ["51.06", "51.03", "51.08"]
    # The largest share fills its bar; the others are drawn in proportion.
    assert [str(bar) for _, _, bar in response.context["regencies"]][:5] == ["0.2", "76.8", "0.5", "0.7", "100.0"]
    assert '<rect height="10" width="76.8"/>' in response.content.decode()  # an SVG number, in any language
    assert "3 kabupaten/kota berikut menyumbang 98,69% dari pekerja yang masih dibutuhkan" in (
        response.content.decode()
    )


def test_trend_sums_each_regencys_latest_figure_at_every_cut_off(signed_in, known_bali):
    response = signed_in.get(URL, JUNE)
    trend = [(p.as_of.isoformat(), p.participants, p.working_population, p.regencies_reporting)
             for p in response.context["trend"]]
    assert trend == [
        ("2025-06-30", 215_243, 409_054, 7),
        ("2025-03-31", 167_734 + 41_987, 285_846 + 118_208, 2),
        ("2025-02-28", 41_987, 118_208, 1),
    ]
    chart = response.context["chart"]
    assert [str(p.value) for p in chart.points] == ["35.52", "51.90", "52.62"]
    assert [(t.year, str(t.percent)) for t in chart.targets] == [(2025, "67.28")]


def test_each_cut_off_counts_who_reported_then_and_whose_figure_is_carried_forward(signed_in, known_bali):
    response = signed_in.get(URL, JUNE)
    counts = [(p.as_of.isoformat(), p.regencies_reported, p.regencies_carried_forward)
              for p in response.context["trend"]]
    assert counts == [("2025-06-30", 6, 1), ("2025-03-31", 1, 1), ("2025-02-28", 1, 0)]
    body = response.content.decode()
    assert "6 dari 9 melapor" in body and "1 diteruskan dari sebelumnya" in body


def test_english_formatting_of_the_same_figure(signed_in, known_bali):
    signed_in.cookies["django_language"] = "en"
    body = signed_in.get(URL, JUNE).content.decode()
    assert "215,243" in body and "52.62%" in body and "7 of 9 regencies reported" in body


def test_unknown_province_answers_404_with_a_message(signed_in, known_bali):
    response = signed_in.get("/provinces/99/")
    assert response.status_code == 404
    assert "Tidak ada provinsi dengan kode “99”." in response.content.decode()


@pytest.mark.parametrize("query, words", [
    ({"as_of": "2025-13-45"}, "2025-03-31"),
    ({"as_of": "kemarin"}, "2025-03-31"),
    ({"as_of": "2010-01-01"}, "2014"),
    ({"as_of": "2999-01-01"}, "masa depan"),
    ({"source": "bogus"}, "“bogus” bukan sumber target"),
])
def test_bad_parameters_answer_200_with_a_message(signed_in, known_bali, query, words):
    response = signed_in.get(URL, query)
    assert response.status_code == 200
    assert response.context["figure"].code == "51"
    [message] = messages_of(response)
    assert words in message


def test_query_count_does_not_grow_with_history(signed_in, known_bali, django_assert_max_num_queries):
    def queries():
        with django_assert_max_num_queries(20) as captured:
            signed_in.get(URL, JUNE)
        return len(captured)

    before = queries()
    for month in range(1, 13):
        for regency in known_bali.values():
            SnapshotFactory(regency=regency, as_of=datetime.date(2024, month, 28))
    assert queries() == before
