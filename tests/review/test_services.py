"""Approve (all or none), return, reopen: each on exact rows, with its revision; four eyes; stale reviews refused."""
import pytest
from django.core import mail
from django.utils import translation

from coverage import reasons
from coverage.models import CoverageSnapshot, Preferences
from coverage.review import services
from coverage.review.services import Reviewed
from tests.factories import SnapshotFactory, supervisor

pytestmark = pytest.mark.django_db
Status = CoverageSnapshot.Status


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def seen(snapshot) -> Reviewed:
    return Reviewed(pk=snapshot.pk, version=snapshot.version)


def states() -> list[tuple]:
    return list(CoverageSnapshot.objects.order_by("regency__code").values_list("status", "version"))


def test_approve_moves_every_figure_and_records_who_and_why(typed, penyetuju):
    services.snapshots_approve(reviewed=[seen(s) for s in typed], by=penyetuju)
    assert states() == [(Status.APPROVED, 2), (Status.APPROVED, 2)]
    stored = CoverageSnapshot.objects.get(pk=typed[0].pk)
    assert (stored.reviewed_by, stored.updated_by) == (penyetuju, typed[0].updated_by)
    revision = stored.history.first()
    assert (revision.status, revision.history_user, revision.history_change_reason) == (
        Status.APPROVED, penyetuju, reasons.coded(reasons.APPROVED))


def test_one_bad_figure_refuses_the_whole_approval_and_names_it(typed, penyetuju, lombok_barat, petugas):
    outside = SnapshotFactory(regency=lombok_barat, updated_by=petugas)
    stale = Reviewed(pk=typed[1].pk, version=typed[1].version + 1)
    with pytest.raises(services.ReviewRefused) as refused:
        services.snapshots_approve(reviewed=[seen(typed[0]), stale, seen(outside)], by=penyetuju)
    assert [error.code for error in refused.value.error_list] == ["stale", "not_yours"]
    assert "Kabupaten Lombok Barat is not among the places you review." in refused.value.messages
    assert CoverageSnapshot.objects.filter(status=Status.APPROVED).count() == 0


def test_nobody_approves_their_own_figure_not_even_a_superuser(badung, administrator):
    mine = SnapshotFactory(regency=badung, updated_by=administrator)
    with pytest.raises(services.ReviewRefused) as refused:
        services.snapshots_approve(reviewed=[seen(mine)], by=administrator)
    assert refused.value.error_list[0].code == "own_figure"
    assert CoverageSnapshot.objects.get().status == Status.SUBMITTED


def test_a_supervisor_who_also_enters_figures_reviews_only_others(bali, badung, bangli, petugas):
    both = supervisor(places=[bali])
    both.groups.add(*petugas.groups.all())
    own = SnapshotFactory(regency=badung, updated_by=both)
    other = SnapshotFactory(regency=bangli, updated_by=petugas)
    services.snapshots_approve(reviewed=[seen(other)], by=both)
    with pytest.raises(services.ReviewRefused):
        services.snapshots_approve(reviewed=[seen(own)], by=both)
    assert states() == [(Status.SUBMITTED, 1), (Status.APPROVED, 2)]


def test_an_approved_figure_cannot_be_approved_again(typed, penyetuju):
    [approved] = services.snapshots_approve(reviewed=[seen(typed[0])], by=penyetuju)
    with pytest.raises(services.ReviewRefused) as refused:
        services.snapshots_approve(reviewed=[seen(approved)], by=penyetuju)
    assert refused.value.error_list[0].code == "wrong_status"


def test_return_needs_a_comment_and_emails_the_person_who_last_changed_it(typed, penyetuju, petugas,
                                                                          django_capture_on_commit_callbacks):
    petugas.email = "petugas@example.go.id"
    petugas.save()
    with pytest.raises(services.ReviewRefused):
        services.snapshot_return(reviewed=seen(typed[0]), by=penyetuju, comment="  ")
    assert states()[0] == (Status.SUBMITTED, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.snapshot_return(reviewed=seen(typed[0]), by=penyetuju, comment="Dua digit tertukar")
    stored = CoverageSnapshot.objects.get(pk=typed[0].pk)
    assert (stored.status, stored.review_comment) == (Status.RETURNED, "Dua digit tertukar")
    assert stored.history.first().history_change_reason == reasons.coded(reasons.RETURNED, comment="Dua digit tertukar")
    [message] = mail.outbox
    assert message.to == ["petugas@example.go.id"]
    assert "Dua digit tertukar" in message.body and f"/entry/{stored.pk}/edit/" in message.body
    assert message.subject == "Dikembalikan: Kabupaten Badung per 31 Maret 2025"  # Indonesian: the default language


def test_the_notice_is_in_the_recipients_language(typed, penyetuju, petugas, django_capture_on_commit_callbacks):
    petugas.email = "petugas@example.go.id"
    petugas.save()
    Preferences.objects.create(user=petugas, language="en")
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        services.snapshot_return(reviewed=seen(typed[0]), by=penyetuju, comment="Check the source")
    assert mail.outbox[0].subject == "Returned: Kabupaten Badung as of 31 March 2025"


def test_reopen_unlocks_an_approved_figure_with_a_reason(typed, penyetuju):
    [approved] = services.snapshots_approve(reviewed=[seen(typed[0])], by=penyetuju)
    with pytest.raises(services.ReviewRefused):
        services.snapshot_reopen(reviewed=seen(typed[1]), by=penyetuju, comment="not approved yet")
    services.snapshot_reopen(reviewed=seen(approved), by=penyetuju, comment="BPS revised the population")
    stored = CoverageSnapshot.objects.get(pk=typed[0].pk)
    assert (stored.status, stored.version) == (Status.SUBMITTED, 3)
    assert stored.history.first().history_change_reason == reasons.coded(reasons.REOPENED,
                                                                         comment="BPS revised the population")


def test_a_review_of_a_figure_corrected_meanwhile_is_refused(typed, penyetuju, petugas):
    from coverage.snapshots.services import snapshot_correct

    shown = seen(typed[0])
    snapshot_correct(snapshot=typed[0], changes={"participants": 510}, by=petugas, reason="typo",
                     expected_version=1)
    with pytest.raises(services.ReviewRefused) as refused:
        services.snapshots_approve(reviewed=[shown], by=penyetuju)
    assert refused.value.error_list[0].code == "stale"
    assert CoverageSnapshot.objects.get(pk=typed[0].pk).status == Status.SUBMITTED
