"""load_regions: 38 provinces and 514 regencies, and a second run that changes nothing."""
import pytest
from django.core.management import call_command

from coverage.models import Province, Regency

pytestmark = pytest.mark.django_db


def test_loads_38_provinces_and_514_regencies(regions):
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514


def test_bali_has_eight_kabupaten_and_one_kota(regions):
    bali = Regency.objects.filter(province__code="51")
    assert bali.filter(kind="kabupaten").count() == 8
    assert list(bali.filter(kind="kota").values_list("code", "name")) == [("51.71", "Kota Denpasar")]
    assert Regency.objects.get(code="51.03").name == "Kabupaten Badung"


def test_jawa_timur_has_38_regencies(regions):
    assert Regency.objects.filter(province__code="35").count() == 38


def test_second_run_changes_nothing(regions):
    before = list(Regency.objects.values_list("pk", "code", "name", "kind", "province_id"))
    call_command("load_regions", verbosity=0)
    assert list(Regency.objects.values_list("pk", "code", "name", "kind", "province_id")) == before
    assert Province.objects.count() == 38


def test_renamed_region_is_updated_in_place(regions):
    badung = Regency.objects.get(code="51.03")
    Regency.objects.filter(pk=badung.pk).update(name="Badung (old name)", kind="kota")
    call_command("load_regions", verbosity=0)
    badung.refresh_from_db()
    assert (badung.name, badung.kind) == ("Kabupaten Badung", "kabupaten")
    assert Regency.objects.count() == 514
