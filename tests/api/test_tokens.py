"""API tokens: stored hashed, shown once, made and revoked by administrators in the admin and by users on their page."""
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from coverage import roles
from coverage.api.services import api_token_create, api_token_revoke
from coverage.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reads(value) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {value}").get("/api/v1/provinces/").status_code


def test_only_the_digest_and_a_short_prefix_are_stored(pejabat):
    token, value = api_token_create(user=pejabat, name="Satu Data Bali", created_by=pejabat)
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert value not in str(stored)
    assert stored["digest"] == ApiToken.digest_of(value) and len(stored["digest"]) == 64
    assert value.startswith(stored["prefix"]) and len(stored["prefix"]) == 12 and len(value) > 40


def test_two_tokens_are_never_alike(pejabat):
    values = {api_token_create(user=pejabat, name=str(n), created_by=pejabat)[1] for n in range(20)}
    assert len(values) == 20


def test_revoking_twice_keeps_the_first_revocation(pejabat, administrator):
    token, _value = api_token_create(user=pejabat, name="portal", created_by=pejabat)
    api_token_revoke(token=token, revoked_by=pejabat)
    first = token.revoked_at
    api_token_revoke(token=token, revoked_by=administrator)
    token.refresh_from_db()
    assert (token.revoked_at, token.revoked_by) == (first, pejabat)


# --- The account page --------------------------------------------------------------------------------


def test_the_account_page_lists_the_users_own_tokens(client, pejabat, petugas):
    api_token_create(user=pejabat, name="Dasbor provinsi", created_by=pejabat)
    api_token_create(user=petugas, name="Someone else's", created_by=petugas)
    client.force_login(pejabat)
    html = client.get("/accounts/profile/").content.decode()
    assert "Dasbor provinsi" in html and "Someone else" not in html


def test_a_token_made_on_the_account_page_is_shown_once_and_works(client, pejabat, bali):
    client.force_login(pejabat)
    response = client.post("/accounts/profile/tokens/", {"name": "Notebook"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    value = response.context["new_token"]
    assert value in response.content.decode() and reads(value) == 200
    token = ApiToken.objects.get()
    assert (token.user, token.created_by, token.name) == (pejabat, pejabat, "Notebook")
    assert value not in client.get("/accounts/profile/").content.decode()


def test_a_token_needs_a_name(client, pejabat):
    client.force_login(pejabat)
    assert client.post("/accounts/profile/tokens/", {"name": ""}).status_code == 400
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_token_on_the_account_page(client, pejabat, bali):
    token, value = api_token_create(user=pejabat, name="Notebook", created_by=pejabat)
    client.force_login(pejabat)
    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert reads(value) == 401
    token.refresh_from_db()
    assert token.revoked_by == pejabat


def test_nobody_revokes_anothers_token_on_their_page(client, pejabat, petugas, bali):
    token, value = api_token_create(user=petugas, name="Theirs", created_by=petugas)
    client.force_login(pejabat)
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert reads(value) == 200


# --- The admin ---------------------------------------------------------------------------------------


@pytest.fixture
def group_admin(db):
    user = UserFactory(username="admin_group_tokens", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_makes_a_token_for_a_user_and_sees_it_once(group_admin, pejabat, bali):
    response = group_admin.post(reverse("admin:coverage_apitoken_add"), {"user": pejabat.pk, "name": "Satu Data"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    value = response.context["value"]
    assert value in response.content.decode() and reads(value) == 200
    token = ApiToken.objects.get()
    assert token.user == pejabat and token.created_by.username == "admin_group_tokens"
    listing = group_admin.get(reverse("admin:coverage_apitoken_changelist")).content.decode()
    assert token.prefix in listing and value not in listing
    assert value not in group_admin.get(reverse("admin:coverage_apitoken_change", args=[token.pk])).content.decode()


def test_an_administrator_revokes_tokens_in_the_admin(group_admin, pejabat, bali):
    token, value = api_token_create(user=pejabat, name="portal", created_by=pejabat)
    response = group_admin.post(reverse("admin:coverage_apitoken_changelist"), {
        "action": "revoke", "_selected_action": [token.pk],
    })
    assert response.status_code == 302
    assert reads(value) == 401
    token.refresh_from_db()
    assert token.revoked_by.username == "admin_group_tokens"


def test_a_token_is_revoked_not_deleted(group_admin, pejabat):
    token, _value = api_token_create(user=pejabat, name="portal", created_by=pejabat)
    assert group_admin.get(reverse("admin:coverage_apitoken_delete", args=[token.pk])).status_code == 403


def test_an_administrator_who_is_no_superuser_makes_no_token_for_a_superuser(group_admin, administrator):
    response = group_admin.post(reverse("admin:coverage_apitoken_add"), {"user": administrator.pk, "name": "x"})
    assert response.status_code == 200 and response.context["adminform"].form.errors["user"]
    assert not ApiToken.objects.exists()
