"""The regency page: history with chart, targets by year and source, revisions, and who sees the links to correct."""
import datetime
import re

import pytest

from tests.conftest import JUNE, MARCH, messages_of
from tests.factories import SnapshotFactory, UserFactory, field_staff

pytestmark = pytest.mark.django_db

URL = "/regencies/51.03/"


def correct(snapshot, *, by, reason, **changes):
    """A correction as the entry pages store it: new values, who and why in the history row."""
    for field, value in changes.items():
        setattr(snapshot, field, value)
    snapshot._history_user = by
    snapshot._change_reason = reason
    snapshot.save()


def test_history_lists_each_snapshot_with_coverage_and_change(signed_in, known_bali):
    response = signed_in.get(URL, {"as_of": "2025-06-30"})
    rows = [(r.snapshot.as_of, str(r.coverage_pct), r.change_pp and str(r.change_pp))
            for r in response.context["history"]]
    assert rows == [(JUNE, "59.91", "1.23"), (MARCH, "58.68", None)]
    body = response.content.decode()
    assert "171.256" in body and "59,91%" in body and "+1,23" in body


def test_history_and_chart_stop_at_the_pages_date(signed_in, known_bali):
    response = signed_in.get(URL, {"as_of": "2025-04-30"})
    assert [row.snapshot.as_of for row in response.context["history"]] == [MARCH]
    assert [point.as_of for point in response.context["chart"].points] == [MARCH]


def test_figure_uses_the_regencys_own_target(signed_in, known_bali):
    response = signed_in.get(URL, {"as_of": "2025-06-30"})
    figure = response.context["figure"]
    assert (str(figure.target_pct), str(figure.gap_pp), figure.participants_needed) == ("70.00", "10.09", 28_837)
    assert "28.837" in response.content.decode()


def test_chart_has_the_regencys_target_line_per_year(signed_in, known_bali):
    chart = signed_in.get(URL).context["chart"]
    assert [(p.as_of, str(p.value)) for p in chart.points] == [(MARCH, "58.68"), (JUNE, "59.91")]
    assert [(t.year, str(t.percent)) for t in chart.targets] == [(2025, "70.00")]
    assert 'aria-labelledby="regency-trend-title regency-trend-desc"' in signed_in.get(URL).content.decode()


def test_targets_listed_by_year_and_source_with_where_they_come_from(signed_in, known_bali):
    response = signed_in.get(URL)
    assert [(t.year, t.source, str(t.percent), t.regency_id is not None) for t in response.context["targets"]] == [
        (2025, "kemendagri", "70.00", True), (2025, "kemendagri", "67.28", False), (2025, "rpjmd", "65.00", False),
        (2024, "kemendagri", "60.00", False),
    ]
    body = response.content.decode()
    assert "kabupaten/kota ini" in body and "provinsi (Bali)" in body


def test_revisions_say_who_when_why_and_old_to_new(signed_in, known_bali, petugas):
    snapshot = known_bali["51.03"].snapshots.get(as_of=JUNE)
    correct(snapshot, by=petugas, reason="Angka BPJS cabang Badung diperbarui", participants=171_300)
    response = signed_in.get(URL)
    latest = response.context["revisions"][0]
    assert (latest.who, latest.why, latest.created, latest.as_of) == (
        petugas, "Angka BPJS cabang Badung diperbarui", False, JUNE,
    )
    assert [(str(label), old, new) for label, old, new in latest.changes] == [
        ("peserta aktif", 171_256, 171_300),
    ]
    assert response.context["revisions_total"] == 3  # two creations and the correction
    body = response.content.decode()
    assert "petugas_bali" in body and "Angka BPJS cabang Badung diperbarui" in body
    assert "<del>171.256</del> → <ins>171.300</ins>" in body


@pytest.mark.parametrize("who, sees_links", [
    ("assigned field staff", True), ("superuser", True), ("official", False),
    ("field staff of another province", False), ("assigned but without the permission", False),
])
def test_links_to_correct_only_for_those_who_may(client, known_bali, petugas, pejabat, lombok_barat, who, sees_links):
    bare = UserFactory(username="no_permission")
    bare.assignments.create(province=known_bali["51.03"].province)
    user = {
        "assigned field staff": petugas, "official": pejabat, "assigned but without the permission": bare,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "field staff of another province": field_staff(places=[lombok_barat], username="petugas_ntb"),
    }[who]
    client.force_login(user)
    snapshot = known_bali["51.03"].snapshots.get(as_of=JUNE)
    assert (f'href="/entry/{snapshot.pk}/edit/"' in client.get(URL).content.decode()) is sees_links


def test_field_staff_assigned_to_the_regency_directly(client, known_bali):
    client.force_login(field_staff(places=[known_bali["51.03"]], username="badung_only"))
    assert client.get(URL).context["may_correct"] is True
    assert client.get("/regencies/51.06/").context["may_correct"] is False


def test_unknown_regency_answers_404_with_a_message(signed_in, known_bali):
    response = signed_in.get("/regencies/51.99/")
    assert response.status_code == 404
    assert "Tidak ada kabupaten/kota dengan kode “51.99”." in response.content.decode()


def test_regency_without_snapshots_says_so(signed_in, known_bali):
    response = signed_in.get("/regencies/51.05/")
    assert response.status_code == 200
    assert "belum memiliki data" in response.content.decode()


def test_bad_source_answers_200_with_a_message(signed_in, known_bali):
    response = signed_in.get(URL, {"source": "x", "as_of": "31-06-2025"})
    assert response.status_code == 200
    assert len(messages_of(response)) == 2


def test_anonymous_is_sent_to_sign_in(client, known_bali):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_query_count_does_not_grow_with_history(client, known_bali, petugas, django_assert_max_num_queries):
    client.force_login(petugas)

    def queries():
        with django_assert_max_num_queries(20) as captured:
            client.get(URL)
        return len(captured)

    before = queries()
    for month in range(1, 13):
        snapshot = SnapshotFactory(regency=known_bali["51.03"], as_of=datetime.date(2024, month, 28))
        correct(snapshot, by=petugas, reason="koreksi", participants=501)
    assert queries() == before


def test_link_to_correct_is_not_localised(client, known_bali, petugas):
    SnapshotFactory(pk=12_345, regency=known_bali["51.03"], as_of=datetime.date(2024, 12, 31))
    client.force_login(petugas)
    assert 'href="/entry/12345/edit/"' in client.get(URL).content.decode()


def test_the_apps_own_reasons_read_in_the_readers_language(signed_in, known_bali, petugas):
    from coverage import reasons

    snapshot = known_bali["51.03"].snapshots.get(as_of=JUNE)
    correct(snapshot, by=petugas, reason=reasons.imported("juni.csv"), participants=171_300)
    assert "Diimpor dari berkas “juni.csv”" in signed_in.get(URL).content.decode()
    english = signed_in.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Imported from the file “juni.csv”" in english and "Diimpor" not in english


def test_revision_times_carry_their_zone(signed_in, known_bali):
    body = signed_in.get(URL).content.decode()
    assert re.search(r"\d{2}:\d{2} WIB</td>", body)  # TIME_ZONE Asia/Jakarta: Bali's staff read it as WIB
