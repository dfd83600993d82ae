"""Bali's Badung and Bangli, figures typed by field staff, and a supervisor of Bali."""
import datetime

import pytest

from tests.factories import SnapshotFactory, supervisor

MARCH = datetime.date(2025, 3, 31)


@pytest.fixture
def penyetuju(bali):
    return supervisor(places=[bali], username="penyetuju_bali")


@pytest.fixture
def typed(badung, bangli, petugas):
    """Two figures of 31 March 2025 awaiting review, last changed by field staff."""
    return [SnapshotFactory(regency=regency, as_of=MARCH, participants=500, working_population=1000,
                            created_by=petugas, updated_by=petugas) for regency in (badung, bangli)]
