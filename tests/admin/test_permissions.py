"""An administrator who is not a superuser gets what the "Administrators" group gives, and no more."""
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from coverage.models import CoverageSnapshot, Target
from tests.admin.posts import NO_PREFERENCES
from tests.factories import SnapshotFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_group_administrator_manages_targets(group_admin_client, bali):
    assert group_admin_client.get(reverse("admin:coverage_target_changelist")).status_code == 200
    response = group_admin_client.post(reverse("admin:coverage_target_add"), {
        "province": bali.pk, "regency": "", "year": "2025", "percent": "67,28", "source": "kemendagri", "note": "",
    })
    assert response.status_code == 302
    assert Target.objects.get().province == bali


def test_group_administrator_may_not_delete_a_snapshot(group_admin_client, badung):
    snapshot = SnapshotFactory(regency=badung)
    url = reverse("admin:coverage_coveragesnapshot_delete", args=[snapshot.pk])
    assert group_admin_client.get(url).status_code == 403
    assert group_admin_client.post(url, {"post": "yes"}).status_code == 403
    assert CoverageSnapshot.objects.filter(pk=snapshot.pk).exists()


def test_superuser_may_delete_a_snapshot_saying_why(admin_client, administrator, badung):
    snapshot = SnapshotFactory(regency=badung)
    url = reverse("admin:coverage_coveragesnapshot_delete", args=[snapshot.pk])
    assert 'name="deletion_reason"' in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes", "deletion_reason": " Entered twice under another code "})
    assert response.status_code == 302
    assert not CoverageSnapshot.objects.exists()
    last = CoverageSnapshot.history.filter(id=snapshot.pk).latest("history_date")
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "-", administrator, "Entered twice under another code")


@pytest.mark.parametrize("reason", [None, "   "])
def test_a_snapshot_is_not_deleted_without_a_reason(admin_client, badung, reason):
    snapshot = SnapshotFactory(regency=badung)
    data = {"post": "yes"} | ({"deletion_reason": reason} if reason is not None else {})
    response = admin_client.post(reverse("admin:coverage_coveragesnapshot_delete", args=[snapshot.pk]), data,
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Say why the snapshot is deleted: the reason stays in its history." in response.content.decode()
    assert CoverageSnapshot.objects.filter(pk=snapshot.pk).exists()
    assert CoverageSnapshot.history.filter(id=snapshot.pk, history_type="-").count() == 0


def test_a_selection_of_snapshots_cannot_be_deleted_at_once(admin_client, badung):
    SnapshotFactory(regency=badung)
    page = admin_client.get(reverse("admin:coverage_coveragesnapshot_changelist")).content.decode()
    assert "delete_selected" not in page


def test_group_administrator_may_not_change_what_a_group_allows(group_admin_client):
    group = Group.objects.get(name="Field staff")
    before = set(group.permissions.all())
    response = group_admin_client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": "Field staff", "permissions": []}
    )
    assert response.status_code == 403
    assert set(group.permissions.all()) == before
    assert group_admin_client.get(reverse("admin:auth_group_add")).status_code == 403


def test_group_administrator_may_not_touch_a_superuser(group_admin_client, administrator):
    assert group_admin_client.post(
        reverse("admin:auth_user_password_change", args=[administrator.pk]),
        {"password1": "a-new-long-password-1", "password2": "a-new-long-password-1"},
    ).status_code == 403
    administrator.refresh_from_db()
    assert administrator.check_password("a-long-test-password")


def test_group_administrator_cannot_make_anyone_a_superuser(group_admin_client, group_administrator):
    staff = UserFactory(username="field_person")
    url = reverse("admin:auth_user_change", args=[staff.pk])
    response = group_admin_client.post(url, {
        "username": "field_person", "is_active": "on", "is_superuser": "on",
        "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
        "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0", "assignments-MAX_NUM_FORMS": "1000", **NO_PREFERENCES,
    })
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser

    own = reverse("admin:auth_user_change", args=[group_administrator.pk])
    group_admin_client.post(own, {"username": "admin_group", "is_active": "on", "is_staff": "on",
                                  "is_superuser": "on", "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
                                  "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0",
                                  "assignments-MIN_NUM_FORMS": "0", "assignments-MAX_NUM_FORMS": "1000",
                                  **NO_PREFERENCES})
    group_administrator.refresh_from_db()
    assert not group_administrator.is_superuser


def test_staff_user_without_a_group_sees_nothing_to_manage(client, bali):
    client.force_login(UserFactory(username="bare_staff", is_staff=True))
    assert client.get(reverse("admin:coverage_target_changelist")).status_code == 403
    assert client.get(reverse("admin:coverage_coveragesnapshot_changelist")).status_code == 403


def test_user_list_shows_each_users_role(admin_client, petugas):
    page = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Petugas" in page  # the "Field staff" group, in Indonesian
