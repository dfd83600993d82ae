"""The demo dataset: Bali's nine regencies over 18 month-ends, consistent with the published 31 March 2025 figures.

Published (ANTARA, 2025): Bali had 935,079 active participants of 1,873,899 working population on
31 March 2025; Kabupaten Badung was highest (58.68%) and Kabupaten Bangli lowest (35.52%); the 2025
Kemendagri target for Bali is 67.28%. The split over the other regencies and every other month are
made up, and say so in their `source`.
"""
import calendar
import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from coverage import roles
from coverage.models import Assignment, CoverageSnapshot, Province, Regency, Target
from coverage.snapshots.services import snapshots_bulk_record

PUBLISHED_AS_OF = datetime.date(2025, 3, 31)
DEMO_SOURCE = "Data demo (bukan angka resmi)"
DEMO_SOURCE_PUBLISHED_TOTAL = "Data demo; jumlah Bali sesuai laporan ANTARA per 31 Maret 2025"
DEMO_REASON = "load_demo"

# (participants, working population) on 31 March 2025; the nine add up to the published Bali totals.
MARCH_2025 = {
    "51.01": (59_069, 125_412),
    "51.02": (111_287, 205_517),
    "51.03": (167_734, 285_846),
    "51.04": (128_724, 232_901),
    "51.05": (42_916, 90_713),
    "51.06": (41_987, 118_208),
    "51.07": (86_675, 210_684),
    "51.08": (146_477, 300_219),
    "51.71": (150_210, 304_399),
}
# Monthly growth of participants, per mille, so that the regencies do not move in lockstep.
MONTHLY_GROWTH_PER_MILLE = {
    "51.01": 5, "51.02": 6, "51.03": 7, "51.04": 6, "51.05": 4, "51.06": 3, "51.07": 5, "51.08": 6, "51.71": 8,
}
FIRST_MONTH = datetime.date(2024, 1, 31)
MONTHS = 18  # January 2024 .. June 2025
# Sakernas of August 2024 gave the working population used from September 2024 on; before, 1.5% fewer.
SAKERNAS_CHANGE = datetime.date(2024, 9, 1)

DEMO_USERS = (
    # username, role, is_staff, is_superuser
    ("petugas", roles.FIELD_STAFF, False, False),
    ("penyetuju", roles.SUPERVISORS, False, False),
    ("pejabat", roles.OFFICIALS, False, False),
    ("admin", None, True, True),
)


@dataclass
class DemoLoadResult:
    snapshots_created: int = 0
    targets_created: int = 0
    passwords: dict[str, str] = field(default_factory=dict)  # only for users created by this run


def month_ends(first: datetime.date, count: int) -> list[datetime.date]:
    dates, year, month = [], first.year, first.month
    for _ in range(count):
        dates.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def demo_snapshot(code: str, as_of: datetime.date) -> CoverageSnapshot:
    """The demo figure of one Bali regency at one month-end (unsaved)."""
    participants, working_population = MARCH_2025[code]
    if as_of < SAKERNAS_CHANGE:
        working_population = working_population * 985 // 1000
    offset = _months_between(PUBLISHED_AS_OF, as_of)
    participants = participants * (1000 + MONTHLY_GROWTH_PER_MILLE[code] * offset) // 1000
    snapshot = CoverageSnapshot(
        as_of=as_of,
        participants=participants,
        working_population=working_population,
        source=DEMO_SOURCE_PUBLISHED_TOTAL if as_of == PUBLISHED_AS_OF else DEMO_SOURCE,
    )
    if as_of.year >= 2025:
        # A breakdown is known only from 2025 on: about 58% PU, 31% BPU, 7% Jakon, the rest PMI.
        snapshot.pu = participants * 58 // 100
        snapshot.bpu = participants * 31 // 100
        snapshot.jakon = participants * 7 // 100
        snapshot.pmi = participants - snapshot.pu - snapshot.bpu - snapshot.jakon
    return snapshot


def _ensure_users(password: str | None) -> dict[str, str]:
    User = get_user_model()
    bali = Province.objects.get(code="51")
    created = {}
    for username, role, is_staff, is_superuser in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"is_staff": is_staff, "is_superuser": is_superuser}
        )
        if was_created:
            created[username] = password or secrets.token_urlsafe(12)
            user.set_password(created[username])
            user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get(name=role))
        if role in (roles.FIELD_STAFF, roles.SUPERVISORS):
            Assignment.objects.get_or_create(user=user, province=bali, regency=None)
    return created


@transaction.atomic
def demo_load(*, password: str | None = None) -> DemoLoadResult:
    """Load the demo; a second run adds nothing and changes no password."""
    result = DemoLoadResult()
    result.passwords = _ensure_users(password)
    admin = get_user_model().objects.get(username="admin")

    bali = Province.objects.get(code="51")
    regencies = {r.code: r for r in Regency.objects.filter(province=bali)}
    existing = set(
        CoverageSnapshot.objects.filter(regency__province=bali).values_list("regency__code", "as_of")
    )
    new = []
    for as_of in month_ends(FIRST_MONTH, MONTHS):
        for code in MARCH_2025:
            if (code, as_of) not in existing:
                snapshot = demo_snapshot(code, as_of)
                snapshot.regency = regencies[code]
                new.append(snapshot)
    # Every cut-off but the latest has been approved; the latest awaits the supervisor's review.
    latest = max(month_ends(FIRST_MONTH, MONTHS))
    for snapshot in new:
        if snapshot.as_of < latest:
            snapshot.status, snapshot.reviewed_at = CoverageSnapshot.Status.APPROVED, timezone.now()
    snapshots_bulk_record(snapshots=new, by=admin, reason=DEMO_REASON)
    result.snapshots_created = len(new)

    targets = [
        # The published one.
        ({"province": bali, "year": 2025, "source": Target.Source.KEMENDAGRI},
         {"percent": Decimal("67.28"), "note": "Target Kemendagri 2025 untuk Bali (ANTARA, 2025)"}),
        ({"province": bali, "year": 2024, "source": Target.Source.KEMENDAGRI},
         {"percent": Decimal("60.00"), "note": DEMO_SOURCE}),
        ({"regency": regencies["51.03"], "year": 2025, "source": Target.Source.RPJMD},
         {"percent": Decimal("70.00"), "note": DEMO_SOURCE}),
    ]
    for lookup, values in targets:
        _, created = Target.objects.get_or_create(**lookup, defaults=values)
        if created:
            result.targets_created += 1
    return result
