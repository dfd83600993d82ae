"""A known reporting year: Bali (Badung, Bangli) and NTB (Lombok Barat) over January to April 2025, seen on
2 May 2025, each figure first stored at a known local time; and a clock that says when "now" is."""
import datetime
import zoneinfo
from contextlib import contextmanager
from unittest import mock

import pytest

from coverage.models import CoverageSnapshot
from tests.factories import SnapshotFactory, supervisor

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
JAN, FEB, MAR, APR = (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28), datetime.date(2025, 3, 31),
                      datetime.date(2025, 4, 30))
TODAY = datetime.datetime(2025, 5, 2, 9, 0, tzinfo=JAKARTA)


def local(*args) -> datetime.datetime:
    """A moment in Jakarta's time (TIME_ZONE)."""
    return datetime.datetime(*args, tzinfo=JAKARTA)


@contextmanager
def at(moment: datetime.datetime):
    """Run as if it were `moment`: "today" and the time a figure is first stored (auto_now_add) both follow it."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def stored(regency, as_of, first_stored, **fields) -> CoverageSnapshot:
    """A figure first stored at `first_stored` (its creation time, which corrections never move)."""
    with at(first_stored):
        return SnapshotFactory(regency=regency, as_of=as_of, participants=500, working_population=1000, **fields)


@pytest.fixture
def penyetuju(bali):
    return supervisor(places=[bali], username="penyetuju_bali")


@pytest.fixture
def known_year(badung, bangli, lombok_barat):
    """Deadlines 10 Feb, 10 Mar, 10 Apr, 10 May. Bali: 3 on time, 2 late, 1 missing; NTB: 2 on time, 1 missing;
    April is due everywhere but Badung's (on time)."""
    return {
        "badung_jan": stored(badung, JAN, local(2025, 2, 10, 23, 59)),  # the deadline's last minute: on time
        "badung_feb": stored(badung, FEB, local(2025, 3, 11, 0, 1)),  # a minute past it: late
        "badung_mar": stored(badung, MAR, local(2025, 4, 1, 8, 0), status=CoverageSnapshot.Status.APPROVED),
        "badung_apr": stored(badung, APR, local(2025, 5, 1, 8, 0)),
        "bangli_jan": stored(bangli, JAN, local(2025, 2, 20, 10, 0)),
        "bangli_mar": stored(bangli, MAR, local(2025, 4, 5, 10, 0), status=CoverageSnapshot.Status.RETURNED),
        "lombok_jan": stored(lombok_barat, JAN, local(2025, 2, 1, 10, 0)),
        "lombok_feb": stored(lombok_barat, FEB, local(2025, 3, 10, 12, 0)),
    }
