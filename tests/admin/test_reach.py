"""An administrator who is not a superuser hands out only places and groups of their own, and changes only users
whose places, groups and permissions are within theirs; a superuser keeps full power."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from coverage import roles
from coverage.models import Assignment
from coverage.places.access import CORRECT, may_enter
from tests.admin.posts import user_page_post
from tests.factories import UserFactory, field_staff

pytestmark = pytest.mark.django_db

OLD, NEW = "a-long-test-password", "a-new-long-password-1"
PLACE_REFUSED = "Anda hanya boleh menugaskan wilayah yang termasuk penugasan Anda sendiri."
USER_REFUSED = "Anda hanya boleh menugaskan pengguna yang wilayah dan grupnya termasuk milik Anda sendiri."
GROUP_REFUSED = "Anda hanya boleh memberikan grup yang Anda ikuti sendiri."


@pytest.fixture
def ntb_staff(lombok_barat):
    """Field staff in 52.01: within the reach of the administrator of 52.01."""
    return field_staff(places=[lombok_barat], username="staff_ntb")


def user_page(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def password_page(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def places_of(user):
    return set(Assignment.objects.filter(user=user).values_list("province__code", "regency__code"))


def test_an_administrator_cannot_give_themselves_a_province_on_their_user_page(
    ntb_admin_client, ntb_administrator, bali, badung
):
    response = ntb_admin_client.post(user_page(ntb_administrator), user_page_post(ntb_administrator, new_places=[bali]))
    assert response.status_code == 200
    assert PLACE_REFUSED in response.content.decode()
    assert places_of(ntb_administrator) == {(None, "52.01")}
    assert not may_enter(ntb_administrator, badung)
    assert not may_enter(ntb_administrator, badung, permission=CORRECT)


@pytest.mark.parametrize("place", ["bali", "badung"])
def test_an_administrator_cannot_give_themselves_a_place_on_the_assignment_page(
    ntb_admin_client, ntb_administrator, badung, place, request
):
    place = request.getfixturevalue(place)
    kind = place._meta.model_name
    response = ntb_admin_client.post(reverse("admin:coverage_assignment_add"), {
        "user": ntb_administrator.pk, "province": place.pk if kind == "province" else "",
        "regency": place.pk if kind == "regency" else "",
    })
    assert response.status_code == 200
    assert PLACE_REFUSED in response.content.decode()
    assert places_of(ntb_administrator) == {(None, "52.01")}
    assert not may_enter(ntb_administrator, badung, permission=CORRECT)


def test_the_refusal_speaks_english_too(ntb_admin_client, ntb_administrator, bali):
    ntb_admin_client.cookies["django_language"] = "en"
    response = ntb_admin_client.post(reverse("admin:coverage_assignment_add"),
                                     {"user": ntb_administrator.pk, "province": bali.pk, "regency": ""})
    assert "You may assign only places within your own assignments." in response.content.decode()


def test_an_administrator_cannot_assign_places_to_someone_beyond_their_reach(
    ntb_admin_client, petugas, lombok_barat
):
    response = ntb_admin_client.post(reverse("admin:coverage_assignment_add"),
                                     {"user": petugas.pk, "province": "", "regency": lombok_barat.pk})
    assert response.status_code == 200
    assert USER_REFUSED in response.content.decode()
    assert places_of(petugas) == {("51", None)}


def test_a_province_needs_a_province_assignment_of_ones_own(ntb_admin_client, ntb, lombok_barat):
    newcomer = UserFactory(username="newcomer")
    response = ntb_admin_client.post(reverse("admin:coverage_assignment_add"),
                                     {"user": newcomer.pk, "province": ntb.pk, "regency": ""})
    assert PLACE_REFUSED in response.content.decode()
    assert not places_of(newcomer)


def test_an_administrator_assigns_and_changes_places_within_their_reach(ntb_admin_client, ntb_staff, lombok_barat):
    newcomer = UserFactory(username="newcomer")
    response = ntb_admin_client.post(reverse("admin:coverage_assignment_add"),
                                     {"user": newcomer.pk, "province": "", "regency": lombok_barat.pk})
    assert response.status_code == 302
    assert places_of(newcomer) == {(None, "52.01")}

    Assignment.objects.filter(user=ntb_staff).delete()
    response = ntb_admin_client.post(user_page(ntb_staff), user_page_post(ntb_staff, new_places=[lombok_barat]))
    assert response.status_code == 302
    assert places_of(ntb_staff) == {(None, "52.01")}


def test_an_administrator_cannot_give_a_group_they_are_not_in(ntb_admin_client, ntb_staff):
    officials = Group.objects.get(name=roles.OFFICIALS)
    response = ntb_admin_client.post(user_page(ntb_staff),
                                     user_page_post(ntb_staff, groups=[*ntb_staff.groups.all(), officials]))
    assert response.status_code == 200
    assert GROUP_REFUSED in response.content.decode()
    assert set(ntb_staff.groups.values_list("name", flat=True)) == {roles.FIELD_STAFF}


def test_an_administrator_cannot_make_anyone_staff(ntb_admin_client, ntb_staff):
    assert ntb_admin_client.post(user_page(ntb_staff), user_page_post(ntb_staff, is_staff="on")).status_code == 302
    ntb_staff.refresh_from_db()
    assert not ntb_staff.is_staff


@pytest.fixture
def with_a_permission(db):
    user = UserFactory(username="with_a_permission")
    user.user_permissions.add(Permission.objects.get(codename="view_target"))
    return user


@pytest.mark.parametrize("beyond", ["petugas", "pejabat", "with_a_permission", "administrator"])
def test_an_administrator_cannot_change_or_set_the_password_of_a_user_beyond_their_reach(
    ntb_admin_client, beyond, request
):
    """Places (Bali), a group (Officials), a permission of their own, or a superuser: beyond the administrator."""
    user = request.getfixturevalue(beyond)
    assert ntb_admin_client.get(password_page(user)).status_code == 403
    response = ntb_admin_client.post(password_page(user), {"password1": NEW, "password2": NEW})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(OLD)

    assert ntb_admin_client.get(user_page(user)).status_code == 200, "shown, read only"
    assert ntb_admin_client.post(user_page(user), user_page_post(user, first_name="Taken")).status_code == 403
    user.refresh_from_db()
    assert user.first_name != "Taken"


def test_an_administrator_sets_the_password_of_their_own_field_staff(ntb_admin_client, ntb_staff):
    response = ntb_admin_client.post(password_page(ntb_staff), {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    ntb_staff.refresh_from_db()
    assert ntb_staff.check_password(NEW)


def test_an_administrator_cannot_delete_an_assignment_beyond_their_reach(ntb_admin_client, petugas):
    assignment = Assignment.objects.get(user=petugas)
    url = reverse("admin:coverage_assignment_delete", args=[assignment.pk])
    assert ntb_admin_client.get(url).status_code == 403
    assert ntb_admin_client.post(url, {"post": "yes"}).status_code == 403
    response = ntb_admin_client.post(reverse("admin:coverage_assignment_changelist"), {
        "action": "delete_selected", "_selected_action": [assignment.pk], "post": "yes"})
    assert response.status_code == 403
    assert places_of(petugas) == {("51", None)}


def test_an_administrator_deletes_an_assignment_within_their_reach(ntb_admin_client, ntb_staff):
    assignment = Assignment.objects.get(user=ntb_staff)
    url = reverse("admin:coverage_assignment_delete", args=[assignment.pk])
    assert ntb_admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not places_of(ntb_staff)


def autocomplete(client, model_name, field_name):
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "coverage", "model_name": model_name, "field_name": field_name, "term": ""})
    return {row["text"] for row in response.json()["results"]}


def test_the_autocompletes_of_an_assignment_offer_only_what_is_within_reach(
    ntb_admin_client, ntb_administrator, ntb_staff, petugas, pejabat, bali, badung, ntb
):
    assert autocomplete(ntb_admin_client, "assignment", "province") == set()
    assert autocomplete(ntb_admin_client, "assignment", "regency") == {"Kabupaten Lombok Barat"}
    assert autocomplete(ntb_admin_client, "assignment", "user") == {"admin_ntb", "staff_ntb"}
    # Elsewhere the places are all offered: targets are set for any province.
    assert autocomplete(ntb_admin_client, "target", "province") == {"Bali", "Nusa Tenggara Barat"}


def test_a_superuser_keeps_full_power(admin_client, administrator, petugas, pejabat, bali, badung):
    response = admin_client.post(reverse("admin:coverage_assignment_add"),
                                 {"user": administrator.pk, "province": bali.pk, "regency": ""})
    assert response.status_code == 302
    assert may_enter(administrator, badung)

    officials = Group.objects.get(name=roles.OFFICIALS)
    response = admin_client.post(user_page(petugas), user_page_post(petugas, groups=[*petugas.groups.all(), officials],
                                                               new_places=[badung], is_staff="on"))
    assert response.status_code == 302
    petugas.refresh_from_db()
    assert petugas.is_staff and petugas.groups.filter(name=roles.OFFICIALS).exists()
    assert places_of(petugas) == {("51", None), (None, "51.03")}

    assert admin_client.post(password_page(pejabat), {"password1": NEW, "password2": NEW}).status_code == 302
    pejabat.refresh_from_db()
    assert pejabat.check_password(NEW)
    assert autocomplete(admin_client, "assignment", "province") == {"Bali"}
