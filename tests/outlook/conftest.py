"""Data of the outlook tests: Bali's published 31 March 2025 with a year of history behind it."""
import datetime

import pytest

from coverage.demo import MARCH_2025
from coverage.models import Regency
from tests.factories import SnapshotFactory
from tests.rankings.conftest import bali_published, english, official_client  # noqa: F401 (fixtures)

MARCH_2024 = datetime.date(2024, 3, 31)
# Participants gained by each regency from 31 March 2024 to 31 March 2025: 68,664 in all, 5,722 a month for Bali.
GAINED = dict(zip(MARCH_2025, [7_629] * 8 + [7_632], strict=True))


@pytest.fixture
def bali_a_year_on(request):
    """bali_published, and a year earlier each regency with GAINED fewer participants (the same working population)."""
    bali = request.getfixturevalue("bali_published")
    for code, (participants, working_population) in MARCH_2025.items():
        SnapshotFactory(regency=Regency.objects.get(code=code), as_of=MARCH_2024,
                        participants=participants - GAINED[code], working_population=working_population)
    return bali
