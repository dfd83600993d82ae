"""Regions are read-mostly (codes fixed after creation); a user's page holds their assignments and role."""
import pytest
from django.urls import reverse

from coverage.models import Assignment, Province, Regency
from tests.admin.posts import NO_PREFERENCES

pytestmark = pytest.mark.django_db


def test_a_provinces_code_cannot_be_changed(admin_client, bali):
    admin_client.post(reverse("admin:coverage_province_change", args=[bali.pk]), {
        "code": "99", "name": "Provinsi Bali",
        "targets-TOTAL_FORMS": "0", "targets-INITIAL_FORMS": "0", "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
    })
    bali.refresh_from_db()
    assert (bali.code, bali.name) == ("51", "Provinsi Bali")


def test_a_regencys_code_and_province_cannot_be_changed(admin_client, badung, ntb):
    admin_client.post(reverse("admin:coverage_regency_change", args=[badung.pk]), {
        "code": "52.99", "name": "Kabupaten Badung", "kind": "kabupaten", "province": ntb.pk,
    })
    badung.refresh_from_db()
    assert (badung.code, badung.province.code) == ("51.03", "51")


def test_a_new_regency_code_must_start_with_its_provinces_code(admin_client, bali):
    response = admin_client.post(reverse("admin:coverage_regency_add"), {
        "code": "52.01", "name": "Kabupaten Baru", "kind": "kabupaten", "province": bali.pk,
    })
    assert response.status_code == 200
    assert "Kode kabupaten/kota diawali kode provinsinya, misalnya 51.01." in response.content.decode()
    assert not Regency.objects.filter(code="52.01").exists()


def test_assignments_are_edited_on_the_users_page(admin_client, petugas, badung):
    url = reverse("admin:auth_user_change", args=[petugas.pk])
    page = admin_client.get(url).content.decode()
    assert "wilayah tempat pengguna ini boleh mengisi data" in page.lower()
    existing = Assignment.objects.get(user=petugas)
    response = admin_client.post(url, {
        "username": petugas.username, "is_active": "on", "groups": [g.pk for g in petugas.groups.all()],
        "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
        "assignments-TOTAL_FORMS": "2", "assignments-INITIAL_FORMS": "1", "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000", **NO_PREFERENCES,
        "assignments-0-id": existing.pk, "assignments-0-user": petugas.pk,
        "assignments-0-province": existing.province_id, "assignments-0-regency": "",
        "assignments-1-province": "", "assignments-1-regency": badung.pk,
    })
    assert response.status_code == 302
    assert set(Assignment.objects.filter(user=petugas).values_list("province__code", "regency__code")) == {
        ("51", None), (None, "51.03")}


def test_province_list_search_by_code(admin_client, bali, ntb):
    page = admin_client.get(reverse("admin:coverage_province_changelist"), {"q": "52"}).content.decode()
    assert "Nusa Tenggara Barat" in page and ">Bali<" not in page
    assert Province.objects.count() == 2


def test_the_same_place_twice_on_the_users_page_is_refused(admin_client, petugas, badung):
    url = reverse("admin:auth_user_change", args=[petugas.pk])
    Assignment.objects.filter(user=petugas).delete()
    response = admin_client.post(url, {
        "username": petugas.username, "is_active": "on", "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
        "assignments-TOTAL_FORMS": "2", "assignments-INITIAL_FORMS": "0", "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000", **NO_PREFERENCES,
        "assignments-0-province": "", "assignments-0-regency": badung.pk,
        "assignments-1-province": "", "assignments-1-regency": badung.pk,
    })
    assert response.status_code == 200
    assert "Pengguna ini sudah ditugaskan di kabupaten/kota ini." in response.content.decode()
    assert not Assignment.objects.filter(user=petugas).exists()


def test_an_assignment_already_stored_is_refused_with_a_clear_message(admin_client, petugas, bali):
    response = admin_client.post(reverse("admin:coverage_assignment_add"),
                                 {"user": petugas.pk, "province": bali.pk, "regency": ""})
    assert response.status_code == 200
    assert "Pengguna ini sudah ditugaskan di provinsi ini." in response.content.decode()
    assert Assignment.objects.filter(user=petugas).count() == 1


def test_regency_list_filters_by_province_code(admin_client, badung, lombok_barat):
    page = admin_client.get(reverse("admin:coverage_regency_changelist"), {"province": "52"}).content.decode()
    assert "Kabupaten Lombok Barat" in page and "Kabupaten Badung" not in page
