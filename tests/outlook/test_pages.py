"""The outlook on the pages: the rankings' columns, `outlook=` filter and exports, the place pages' sentence, the
overview's counts, and the monthly report; queries fixed whatever the history."""
import csv
import io
import re

import pytest

from tests.conftest import messages_of
from tests.factories import RegencyFactory, SnapshotFactory
from tests.rankings.test_pages import _national_history

pytestmark = pytest.mark.django_db

MARCH = "2025-03-31"
BALI_SENTENCE = ("Bali needs 36,187 new participants a month until December; over the last 12 months it gained 5,722 "
                 "a month: limited progress, projected 52.65% against a target of 67.28%.")


def _text(response):
    """The page's text with its tags taken out and its spaces collapsed, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace(" :", ":").replace(
        " ,", ",").replace(" .", ".")


def _csv(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_province_page_says_the_outlook_in_one_sentence(english, bali_a_year_on):
    assert BALI_SENTENCE in _text(english.get("/provinces/51/", {"as_of": MARCH}))


def test_the_indonesian_sentence_writes_numbers_the_indonesian_way(official_client, bali_a_year_on):
    text = _text(official_client.get("/provinces/51/", {"as_of": MARCH}))
    assert ("Bali membutuhkan 36.187 peserta baru per bulan sampai Desember; dalam 12 bulan terakhir bertambah "
            "5.722 per bulan: kemajuan terbatas, proyeksi 52,65% terhadap target 67,28%.") in text


def test_the_regency_page_says_its_own_outlook_and_draws_the_projection(english, bali_a_year_on):
    response = english.get("/regencies/51.03/", {"as_of": MARCH})
    # Badung: 167,734 of 285,846, 24,584 needed (2,732 a month); 7,629 gained in 12 months, 635.75 a month.
    assert ("Kabupaten Badung needs 2,732 new participants a month until December; over the last 12 months it "
            "gained 636 a month: limited progress, projected 60.68% against a target of 67.28%.") in _text(response)
    assert response.context["chart"].projection[1].label == "Projected at the recent pace: 60.68% on 31 December 2025"


def test_rankings_show_the_outlook_columns_and_the_legend(english, bali_a_year_on):
    text = _text(english.get("/rankings/", {"province": "51", "as_of": MARCH}))
    assert re.search(r"Kabupaten Badung.*?24,584 \+[\d.]+ 636 2,732 60.68 ◔ limited progress", text)
    assert "on track its pace is at least 95% of the new participants it needs a month" in text
    assert "Outlook for 31 December 2025: ✔ reached 0 ● on track 0" in text


def test_the_outlook_filter_keeps_the_places_of_one_outlook_with_their_ranks(english, bali_a_year_on):
    SnapshotFactory(regency=RegencyFactory(province=bali_a_year_on, code="51.09", name="Kabupaten Baru"),
                    as_of=MARCH, participants=999, working_population=1000)
    response = english.get("/rankings/", {"province": "51", "as_of": MARCH, "outlook": "reached"})
    assert [(bound.record.rank, bound.record.regency) for bound in response.context["table"].page.object_list] == [
        (1, "Kabupaten Baru")]
    response = english.get("/rankings/", {"province": "51", "as_of": MARCH, "outlook": "on_track"})
    assert "No regency has this outlook." in _text(response)
    response = english.get("/rankings/provinces/", {"as_of": MARCH, "outlook": "limited"})
    assert [bound.record.code for bound in response.context["table"].page.object_list] == ["51"]


def test_a_bad_outlook_is_a_message_on_the_page_and_a_400_for_an_export(english, bali_a_year_on):
    for path in ("/rankings/", "/rankings/provinces/"):
        response = english.get(path, {"as_of": MARCH, "outlook": "rosy"})
        assert response.status_code == 200
        assert messages_of(response) == ["“rosy” is not an outlook; every outlook is shown."]
        assert len(response.context["table"].rows) > 0
        response = english.get(path, {"as_of": MARCH, "outlook": "rosy", "_export": "csv"})
        assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
        assert response.content.decode() == "“rosy” is not an outlook; every outlook is shown.\n"


def test_exports_carry_the_outlook_keys_last_with_raw_values(official_client, bali_a_year_on):
    rows = _csv(official_client.get("/rankings/", {"province": "51", "as_of": MARCH, "_export": "csv"}))
    assert rows[0][-4:] == ["pace_per_month", "needed_per_month", "projected_pct", "outlook"]
    assert rows[1][1] == "51.03" and rows[1][-4:] == ["636", "2732", "60.68", "limited"]
    rows = _csv(official_client.get("/rankings/provinces/", {"as_of": MARCH, "_export": "csv"}))
    assert rows[1][-4:] == ["5722", "36187", "52.65", "limited"]
    rows = _csv(official_client.get("/rankings/provinces/", {"as_of": MARCH, "outlook": "on_track",
                                                             "_export": "csv"}))
    assert len(rows) == 1  # the header alone: no province is on track


def test_the_overview_counts_the_provinces_by_outlook(english, bali_a_year_on):
    text = _text(english.get("/", {"as_of": MARCH}))
    assert "Outlook for 31 December 2025: ✔ reached 0 ● on track 0 ◐ needs acceleration 0 ◔ limited progress 1" in text


def test_the_report_of_a_province(english, bali_a_year_on, pejabat):
    response = english.get("/report/", {"province": "51", "as_of": MARCH})
    text = _text(response)
    assert "Monthly UCJ report: Bali" in text
    assert "Figures as of 31 March 2025 · target: Kemendagri 2025" in text
    assert "Target Kemendagri 2025: 67.28% for Bali" in text
    assert "Completeness 9 of 9 regencies reported" in text
    assert "Data demo; jumlah Bali sesuai laporan ANTARA" not in text  # the test's figures name no source
    assert f"by {pejabat.username}" in text
    assert BALI_SENTENCE in text
    rows = [row.regency for row in response.context["report"].rows]
    assert rows[0] == "Kabupaten Badung" and rows[-1] == "Kabupaten Bangli" and len(rows) == 9
    assert re.search(r"1 Kabupaten Badung 58.68% 67.28% 8.60 2,732 636 60.68% ◔ limited progress", text)
    assert response.context["chart"].projection[1].value.to_eng_string() == "52.65"


def test_the_report_of_the_nation_ranks_the_provinces(english, bali_a_year_on):
    response = english.get("/report/", {"as_of": MARCH})
    text = _text(response)
    assert "Monthly UCJ report: Indonesia" in text
    assert re.search(r"1 Bali 9 of 9 49.90% 67.28% 17.38 36,187 5,722 52.65% ◔ limited progress", text)
    assert response.context["chart"].projection is None  # the nation has no target


def test_the_report_names_the_sources_of_its_figures(english, bali_a_year_on):
    SnapshotFactory(regency=RegencyFactory(province=bali_a_year_on, code="51.09"), as_of=MARCH,
                    source="BPJamsostek Kanwil Banuspa")
    assert "Sources of the figures BPJamsostek Kanwil Banuspa" in _text(english.get("/report/", {"province": "51",
                                                                                               "as_of": MARCH}))


def test_a_bad_province_on_the_report_is_a_message_and_the_nation(english, bali_a_year_on):
    response = english.get("/report/", {"province": "99", "as_of": MARCH})
    assert messages_of(response) == ["There is no province with the code “99”; all provinces are shown."]
    assert "Monthly UCJ report: Indonesia" in _text(response)


@pytest.mark.parametrize("path", ["/report/?province=51", "/report/", "/", "/provinces/51/", "/regencies/51.03/"])
def test_queries_of_the_outlook_pages_are_fixed(official_client, bali_a_year_on, django_assert_num_queries, path):
    def get():
        assert official_client.get(path + ("&" if "?" in path else "?") + "as_of=2025-03-31").status_code == 200

    with django_assert_num_queries(QUERIES[path]):
        get()
    _national_history(9, 20)
    RegencyFactory.create_batch(20, province=bali_a_year_on)
    with django_assert_num_queries(QUERIES[path]):
        get()


# Exactly, whatever the history; each count holds 2 for the session and the user and 2 for the navigation's entry
# link, and 1 for the data version (coverage/web/cached.py). The rankings read 4 each (their outlook's base figures
# among them): these are the counts of a cold cache, as after any write.
QUERIES = {
    # the province's lookup, both rankings, its trend, the sources of its figures, its targets, and the year's
    # timeliness (the cut-off deadlines, the regencies, their figures)
    "/report/?province=51": 21,
    # the provinces' ranking, the national overview (2), the nation's trend, the sources of its figures, timeliness
    "/report/": 17,
    "/": 11,
    "/provinces/51/": 16,
    "/regencies/51.03/": 13,
}


def test_the_report_says_how_many_of_the_years_figures_came_on_time(official_client, bali, badung, bangli):
    import datetime

    from django.utils import timezone

    from coverage.models import CoverageSnapshot
    from tests.factories import SnapshotFactory

    january = datetime.date(timezone.localdate().year, 1, 31)
    SnapshotFactory(regency=badung, as_of=january)  # stored today: long after its deadline, so late
    CoverageSnapshot.objects.update(created_at=timezone.make_aware(datetime.datetime.combine(
        january + datetime.timedelta(days=5), datetime.time(9))))  # now on time, five days after the cut-off
    page = official_client.get("/report/", {"province": "51", "as_of": january.isoformat()})
    assert page.context["report"].timeliness.on_time == 1
    assert page.context["report"].timeliness.expected >= 2  # Bangli's January figure never came
