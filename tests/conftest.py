"""Shared fixtures: places, people, the regions list, and a small known Bali for the officials' pages."""
import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command

from coverage.models import Province, Regency, Target
from tests.factories import (
    ProvinceFactory,
    RegencyFactory,
    SnapshotFactory,
    TargetFactory,
    UserFactory,
    field_staff,
    official,
)


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


# A small known Bali: nine regencies, seven of them reported by 30 June 2025, one of those stale.
MARCH, JUNE = datetime.date(2025, 3, 31), datetime.date(2025, 6, 30)
FEBRUARY = datetime.date(2025, 2, 28)  # Bangli's only figure: stale as of 30 June
BALI_REGENCIES = {
    "51.01": "Kabupaten Jembrana", "51.02": "Kabupaten Tabanan", "51.03": "Kabupaten Badung",
    "51.04": "Kabupaten Gianyar", "51.05": "Kabupaten Klungkung", "51.06": "Kabupaten Bangli",
    "51.07": "Kabupaten Buleleng", "51.08": "Kabupaten Karangasem", "51.71": "Kota Denpasar",
}
# Klungkung and Denpasar have not reported.
JUNE_FIGURES = {"51.01": 500, "51.02": 600, "51.04": 400, "51.07": 300, "51.08": 200}


@pytest.fixture
def known_bali(bali):
    """Bali as of 30 June 2025: 215,243 of 409,054 workers (52.62%), target 67.28%, 7 of 9 reported."""
    regencies = {code: RegencyFactory(code=code, name=name, province=bali) for code, name in BALI_REGENCIES.items()}
    SnapshotFactory(regency=regencies["51.03"], as_of=MARCH, participants=167_734, working_population=285_846)
    SnapshotFactory(regency=regencies["51.03"], as_of=JUNE, participants=171_256, working_population=285_846)
    SnapshotFactory(regency=regencies["51.06"], as_of=FEBRUARY, participants=41_987, working_population=118_208)
    for code, participants in JUNE_FIGURES.items():
        SnapshotFactory(regency=regencies[code], as_of=JUNE, participants=participants, working_population=1000)
    TargetFactory(province=bali, year=2025, percent=Decimal("67.28"))
    TargetFactory(province=bali, year=2024, percent=Decimal("60.00"))
    TargetFactory(province=None, regency=regencies["51.03"], year=2025, percent=Decimal("70.00"))
    TargetFactory(province=bali, year=2025, percent=Decimal("65.00"), source=Target.Source.RPJMD)
    return regencies


@pytest.fixture
def signed_in(client, pejabat):
    client.force_login(pejabat)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture(autouse=True)
def _no_counted_requests():
    """The API counts requests in the cache (rate limits): each test starts with none counted."""
    cache.clear()
