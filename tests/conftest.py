"""Shared fixtures: places, people and the regions list."""
import pytest
from django.core.management import call_command

from coverage.models import Province, Regency
from tests.factories import ProvinceFactory, RegencyFactory, UserFactory, field_staff, official


@pytest.fixture
def bali(db):
    return ProvinceFactory(code="51", name="Bali")


@pytest.fixture
def badung(bali):
    return RegencyFactory(code="51.03", name="Kabupaten Badung", province=bali)


@pytest.fixture
def bangli(bali):
    return RegencyFactory(code="51.06", name="Kabupaten Bangli", province=bali)


@pytest.fixture
def ntb(db):
    return ProvinceFactory(code="52", name="Nusa Tenggara Barat")


@pytest.fixture
def lombok_barat(ntb):
    return RegencyFactory(code="52.01", name="Kabupaten Lombok Barat", province=ntb)


@pytest.fixture
def regions(db):
    """All 38 provinces and 514 regencies, loaded as `load_regions` does."""
    call_command("load_regions", verbosity=0)
    return Province.objects.all(), Regency.objects.all()


@pytest.fixture
def petugas(bali):
    return field_staff(places=[bali], username="petugas_bali")


@pytest.fixture
def pejabat(db):
    return official(username="pejabat_test")


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin_test", is_staff=True, is_superuser=True)
