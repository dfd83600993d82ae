"""/review/: what awaits review, approving some or all, returning and reopening one; refusals store nothing."""
import pytest
from django.urls import reverse

from coverage.models import CoverageSnapshot
from tests.entry.conftest import client_for

pytestmark = pytest.mark.django_db
URL = reverse("review")
Status = CoverageSnapshot.Status


def ref(snapshot) -> str:
    return f"{snapshot.pk}:{snapshot.version}"


def statuses() -> dict:
    return dict(CoverageSnapshot.objects.values_list("regency__code", "status"))


def test_the_page_lists_what_awaits_review_with_a_box_each(penyetuju, typed):
    page = client_for(penyetuju).get(URL)
    assert [row.snapshot for row in page.context["awaiting"]] == typed
    assert [(c["regency__province__code"], c["awaiting"]) for c in page.context["counts"]] == [("51", 2)]
    body = page.content.decode()
    assert all(f'value="{ref(snapshot)}"' in body for snapshot in typed)


def test_approving_the_chosen_figures(penyetuju, typed):
    response = client_for(penyetuju).post(URL, {"action": "approve", "snapshot": [ref(s) for s in typed]})
    assert response.status_code == 302
    assert statuses() == {"51.03": Status.APPROVED, "51.06": Status.APPROVED}


def test_a_tampered_or_stale_reference_refuses_everything_with_the_reasons(penyetuju, typed):
    client = client_for(penyetuju)
    response = client.post(URL, {"action": "approve", "snapshot": [ref(typed[0]), f"{typed[1].pk}:9"]})
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert "Nothing was changed." in messages
    assert any("Kabupaten Bangli as of 31 March 2025 changed after you opened the page" in m for m in messages)
    assert statuses() == {"51.03": Status.SUBMITTED, "51.06": Status.SUBMITTED}
    response = client.post(URL, {"action": "approve", "snapshot": ["1;DROP"]})
    assert response.status_code == 200 and statuses()["51.03"] == Status.SUBMITTED


def test_returning_needs_one_figure_and_a_comment(penyetuju, typed):
    client = client_for(penyetuju)
    client.post(URL, {"action": "return", "snapshot": [ref(s) for s in typed], "comment": "both?"})
    client.post(URL, {"action": "return", "snapshot": ref(typed[0]), "comment": ""})
    assert statuses() == {"51.03": Status.SUBMITTED, "51.06": Status.SUBMITTED}
    client.post(URL, {"action": "return", "snapshot": ref(typed[0]), "comment": "Periksa sumbernya"})
    assert statuses()["51.03"] == Status.RETURNED


def test_field_staff_see_the_returned_figure_first_with_its_comment(penyetuju, typed, petugas):
    client_for(penyetuju).post(URL, {"action": "return", "snapshot": ref(typed[0]), "comment": "Periksa sumbernya"})
    home = client_for(petugas).get(reverse("entry"))
    assert [snapshot.pk for snapshot in home.context["returned"]] == [typed[0].pk]
    body = home.content.decode()
    assert "Periksa sumbernya" in body and reverse("entry_edit", args=[typed[0].pk]) in body


def test_reopening_an_approved_figure(penyetuju, typed):
    client = client_for(penyetuju)
    client.post(URL, {"action": "approve", "snapshot": ref(typed[0])})
    approved = CoverageSnapshot.objects.get(pk=typed[0].pk)
    page = client.get(URL)
    assert [row.snapshot for row in page.context["approved"]] == [approved]
    client.post(URL, {"action": "reopen", "snapshot": ref(approved), "comment": "BPS revised the population"})
    assert statuses()["51.03"] == Status.SUBMITTED


def test_a_supervisors_own_figure_has_no_box(penyetuju, badung):
    from tests.factories import SnapshotFactory

    own = SnapshotFactory(regency=badung, updated_by=penyetuju)
    page = client_for(penyetuju).get(URL)
    [row] = page.context["awaiting"]
    assert row.own and f'value="{ref(own)}"' not in page.content.decode()


def test_a_bad_province_or_date_shows_the_page_with_a_message(penyetuju, typed):
    response = client_for(penyetuju).get(URL, {"province": "52", "as_of": "2025-13-01"})
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 2


def test_a_box_is_named_by_its_figure_number_written_plainly(penyetuju, badung, petugas):
    """Ids are not numbers for people: figure 12345 is `approve_12345` in Indonesian too, never `approve_12.345`
    (whose label and keyboard tests would no longer find their box)."""
    from tests.factories import SnapshotFactory

    SnapshotFactory(pk=12_345, regency=badung, created_by=petugas, updated_by=petugas)
    page = client_for(penyetuju, language="id").get(URL).content.decode()
    assert 'id="approve_12345"' in page
