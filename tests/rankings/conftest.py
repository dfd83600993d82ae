"""Data of the ranking tests: Bali's nine regencies with the published figures of 31 March 2025."""
import datetime
from decimal import Decimal

import pytest

from coverage.demo import MARCH_2025, PUBLISHED_AS_OF
from tests.factories import RegencyFactory, SnapshotFactory, TargetFactory

FEBRUARY_2025 = datetime.date(2025, 2, 28)
NAMES = {
    "51.01": "Kabupaten Jembrana", "51.02": "Kabupaten Tabanan", "51.03": "Kabupaten Badung",
    "51.04": "Kabupaten Gianyar", "51.05": "Kabupaten Klungkung", "51.06": "Kabupaten Bangli",
    "51.07": "Kabupaten Karangasem", "51.08": "Kabupaten Buleleng", "51.71": "Kota Denpasar",
}


@pytest.fixture
def bali_published(bali):
    """The nine regencies on 31 March 2025 (935,079 of 1,873,899), a month earlier 1% fewer, target 67.28%."""
    for code, (participants, working_population) in MARCH_2025.items():
        regency = RegencyFactory(province=bali, code=code, name=NAMES[code],
                                 kind="kota" if code == "51.71" else "kabupaten")
        SnapshotFactory(regency=regency, as_of=FEBRUARY_2025, participants=participants * 99 // 100,
                        working_population=working_population)
        SnapshotFactory(regency=regency, as_of=PUBLISHED_AS_OF, participants=participants,
                        working_population=working_population)
    TargetFactory(province=bali, year=2025, percent=Decimal("67.28"))
    return bali


@pytest.fixture
def official_client(client, pejabat):
    client.force_login(pejabat)
    return client


@pytest.fixture
def english(official_client):
    official_client.cookies["django_language"] = "en"
    return official_client
