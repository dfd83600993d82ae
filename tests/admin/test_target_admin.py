"""The targets admin: each rule refused with its message and nothing stored; every change in the history."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from coverage.models import Target
from tests.factories import TargetFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:coverage_target_add")


def target_post(**overrides):
    data = {"province": "", "regency": "", "year": "2025", "percent": "67,28", "source": "kemendagri", "note": ""}
    data.update(overrides)
    return data


def refused_messages(response):
    """Every error shown on the admin form (field and non-field)."""
    assert response.status_code == 200, "a refused form is shown again, not a server error"
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]


@pytest.mark.parametrize("percent", ["0", "-5", "100,01", "250"])
def test_percent_outside_0_to_100_is_refused_in_indonesian(admin_client, bali, percent):
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, percent=percent))
    assert refused_messages(response) == ["Target harus di atas 0% dan paling tinggi 100%."]
    assert not Target.objects.exists()


def test_percent_of_100_is_accepted(admin_client, bali):
    admin_client.post(ADD_URL, target_post(province=bali.pk, percent="100"))
    assert Target.objects.get().percent == Decimal("100.00")


def test_target_without_a_place_is_refused(admin_client, bali):
    response = admin_client.post(ADD_URL, target_post())
    assert refused_messages(response) == ["Target berlaku untuk tepat satu provinsi atau satu kabupaten/kota."]
    assert not Target.objects.exists()


def test_target_for_a_province_and_a_regency_at_once_is_refused(admin_client, bali, badung):
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, regency=badung.pk))
    assert refused_messages(response) == ["Target berlaku untuk tepat satu provinsi atau satu kabupaten/kota."]
    assert not Target.objects.exists()


def test_second_province_target_for_same_year_and_source_is_refused_with_a_link_to_the_first(admin_client, bali):
    existing = TargetFactory(province=bali, year=2025, percent=Decimal("67.28"))
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, percent="70"))
    link = reverse("admin:coverage_target_change", args=[existing.pk])
    assert refused_messages(response) == ["Provinsi ini sudah memiliki target dari sumber ini untuk tahun ini.",
                                          f'<a href="{link}">Buka target yang sudah ada (67,28%) untuk mengubahnya</a>']
    assert f'<a href="{link}">' in response.content.decode()  # a link, not its escaped text
    assert Target.objects.get().percent == Decimal("67.28")


def test_second_regency_target_for_same_year_and_source_is_refused(admin_client, badung):
    TargetFactory(province=None, regency=badung, year=2025)
    response = admin_client.post(ADD_URL, target_post(regency=badung.pk))
    assert refused_messages(response)[0] == "Kabupaten/kota ini sudah memiliki target dari sumber ini untuk tahun ini."
    assert "/admin/coverage/target/" in refused_messages(response)[1]
    assert Target.objects.count() == 1


def test_same_place_and_year_from_another_source_is_accepted(admin_client, bali):
    TargetFactory(province=bali, year=2025)
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, source="rpjmd"))
    assert response.status_code == 302
    assert Target.objects.count() == 2


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("typed", ["72,5", "72.5", " 72,50 "])
def test_a_decimal_comma_or_point_means_the_same_in_either_language(admin_client, bali, language, typed):
    admin_client.cookies["django_language"] = language
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, percent=typed))
    assert response.status_code == 302
    assert Target.objects.get().percent == Decimal("72.50")


@pytest.mark.parametrize("typed", ["1.234,5", "72,5,1", "tujuh"])
def test_a_percentage_that_is_not_one_number_is_refused(admin_client, bali, typed):
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, percent=typed))
    assert refused_messages(response)
    assert not Target.objects.exists()


def test_percent_is_read_with_the_english_decimal_point_in_english(admin_client, bali):
    with translation.override("en"):
        admin_client.post(ADD_URL, target_post(province=bali.pk, percent="67.28"), HTTP_ACCEPT_LANGUAGE="en")
    assert Target.objects.get().percent == Decimal("67.28")


def test_change_is_recorded_in_history_with_who_and_old_and_new(admin_client, administrator, bali):
    target = TargetFactory(province=bali, year=2025, percent=Decimal("60.00"))
    url = reverse("admin:coverage_target_change", args=[target.pk])
    admin_client.post(url, target_post(province=bali.pk, percent="67,28"))

    latest = target.history.latest()
    assert latest.history_user == administrator
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("percent", Decimal("60.00"), Decimal("67.28"))]

    page = admin_client.get(reverse("admin:coverage_target_history", args=[target.pk]))
    assert page.status_code == 200
    assert administrator.username in page.content.decode()
    assert "60,00" in page.content.decode() and "67,28" in page.content.decode()


def test_province_page_inline_refuses_two_rows_for_the_same_year_and_source(admin_client, bali):
    url = reverse("admin:coverage_province_change", args=[bali.pk])
    data = {
        "code": bali.code, "name": bali.name,
        "targets-TOTAL_FORMS": "2", "targets-INITIAL_FORMS": "0", "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-year": "2025", "targets-0-percent": "67,28", "targets-0-source": "kemendagri",
        "targets-1-year": "2025", "targets-1-percent": "70", "targets-1-source": "kemendagri",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Provinsi ini sudah memiliki target dari sumber ini untuk tahun ini." in response.content.decode()
    assert not Target.objects.exists()


def test_province_page_inline_refuses_a_target_already_stored(admin_client, bali):
    TargetFactory(province=bali, year=2025)
    url = reverse("admin:coverage_province_change", args=[bali.pk])
    existing = Target.objects.get()
    data = {
        "code": bali.code, "name": bali.name,
        "targets-TOTAL_FORMS": "2", "targets-INITIAL_FORMS": "1", "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-id": existing.pk, "targets-0-province": bali.pk,
        "targets-0-year": "2025", "targets-0-percent": "60", "targets-0-source": "kemendagri",
        "targets-1-year": "2025", "targets-1-percent": "0", "targets-1-source": "rpjmn",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Target harus di atas 0% dan paling tinggi 100%." in response.content.decode()
    assert Target.objects.count() == 1


def test_a_target_that_loses_a_race_is_shown_again_with_the_reason(admin_client, bali, monkeypatch):
    """Two administrators save the same target at once: the second is told why, not given a server error."""
    TargetFactory(province=bali, year=2025, percent=Decimal("67.28"))  # the one that won
    real_validate = Target.validate_constraints
    calls = []

    def first_check_misses_it(self, *args, **kwargs):  # as if the winner had not yet committed
        calls.append(1)
        if len(calls) > 1:
            real_validate(self, *args, **kwargs)

    monkeypatch.setattr(Target, "validate_constraints", first_check_misses_it)
    response = admin_client.post(ADD_URL, target_post(province=bali.pk, percent="70"))
    assert refused_messages(response)[0] == "Provinsi ini sudah memiliki target dari sumber ini untuk tahun ini."
    assert Target.objects.get().percent == Decimal("67.28")
