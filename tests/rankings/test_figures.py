"""`figures=all` (provisional included, returned never) and `figures=approved` (official only) on every officials'
page and export."""
import csv
import datetime
import io

import pytest

from coverage.models import CoverageSnapshot
from coverage.rankings.selectors import province_ranking, regency_ranking
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db
FEB, MARCH = datetime.date(2025, 2, 28), datetime.date(2025, 3, 31)
APPROVED, SUBMITTED, RETURNED = (CoverageSnapshot.Status.APPROVED, CoverageSnapshot.Status.SUBMITTED,
                                 CoverageSnapshot.Status.RETURNED)


@pytest.fixture
def mixed(bali, badung, bangli, lombok_barat):
    """Badung's latest figure awaits review, Bangli's was returned, each after an approved one; 52.01 approved."""
    for regency in (badung, bangli):
        SnapshotFactory(regency=regency, as_of=FEB, participants=400, working_population=1000, status=APPROVED)
    SnapshotFactory(regency=badung, as_of=MARCH, participants=450, working_population=1000, status=SUBMITTED)
    SnapshotFactory(regency=bangli, as_of=MARCH, participants=999, working_population=1000, status=RETURNED)
    SnapshotFactory(regency=lombok_barat, as_of=MARCH, participants=300, working_population=1000, status=APPROVED)


def figures_of(rows):
    return {row.code: (row.as_of, row.participants, row.status) for row in rows if row.has_data}


def test_all_figures_count_the_provisional_one_and_never_the_returned_one(mixed):
    assert figures_of(regency_ranking(as_of=MARCH)) == {
        "51.03": (MARCH, 450, SUBMITTED), "51.06": (FEB, 400, APPROVED), "52.01": (MARCH, 300, APPROVED)}


def test_approved_figures_only(mixed):
    assert figures_of(regency_ranking(as_of=MARCH, figures="approved")) == {
        "51.03": (FEB, 400, APPROVED), "51.06": (FEB, 400, APPROVED), "52.01": (MARCH, 300, APPROVED)}


def test_the_province_ranking_sums_the_chosen_figures_and_counts_the_approved_ones(mixed):
    bali = {row.code: row for row in province_ranking(as_of=MARCH)}["51"]
    assert (bali.participants, bali.regencies_reporting, bali.regencies_approved, bali.provisional) == (850, 2, 1, True)
    bali = {row.code: row for row in province_ranking(as_of=MARCH, figures="approved")}["51"]
    assert (bali.participants, bali.regencies_approved, bali.provisional) == (800, 2, False)


@pytest.mark.parametrize(("figures", "expected"), [("all", "45,00%"), ("approved", "40,00%")])
def test_the_regency_page_shows_the_chosen_figure_and_marks_a_provisional_one(signed_in, mixed, figures, expected):
    body = signed_in.get("/regencies/51.03/", {"as_of": "2025-03-31", "figures": figures}).content.decode()
    assert expected in body
    assert ('<span class="badge provisional" title="menunggu persetujuan penyetuju">sementara</span>' in body) == (
        figures == "all")


def test_the_exports_carry_the_status_and_the_approved_count(signed_in, mixed):
    def rows(path, **query):
        response = signed_in.get(path, {"as_of": "2025-03-31", "_export": "csv", **query})
        return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    regencies = {row["code"]: row for row in rows("/rankings/")}
    assert (regencies["51.03"]["participants"], regencies["51.03"]["status"]) == ("450", "submitted")
    assert {row["code"]: row["regencies_approved"] for row in rows("/rankings/provinces/")}["51"] == "1"
    approved = {row["code"]: row for row in rows("/rankings/", figures="approved")}
    assert (approved["51.03"]["participants"], approved["51.03"]["status"]) == ("400", "approved")
    history = rows("/history/", province="51")
    assert sorted((row["code"], row["status"]) for row in history) == [
        ("51.03", "approved"), ("51.03", "submitted"), ("51.06", "approved")]


def test_a_bad_figures_value_is_named_and_all_figures_are_shown(signed_in, mixed):
    response = signed_in.get("/rankings/", {"as_of": "2025-03-31", "figures": "official"})
    assert response.status_code == 200
    assert any("official" in str(message) for message in response.context["messages"])
    assert response.context["filter"].figures == "all"
