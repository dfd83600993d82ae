"""The demo's figures: every regency at every month-end, around its province's level and pace; Bali as published.

Published (ANTARA, 2025): Bali had 935,079 active participants of 1,873,899 working population on 31 March 2025;
Kabupaten Badung was highest (58.68%) and Kabupaten Bangli lowest (35.52%). Bali's split over its regencies, every
other month and every other province are made up, from seeded random numbers: the same demo on every machine.
"""
import calendar
import datetime
import random
from dataclasses import dataclass

from coverage.models import CoverageSnapshot

PUBLISHED_AS_OF = datetime.date(2025, 3, 31)
# Every made-up row starts with this in its `source`; the published Bali rows say what they match.
DEMO_MARK = "Data demo"
DEMO_SOURCE = "Data demo (bukan angka resmi)"
DEMO_SOURCE_PUBLISHED_TOTAL = "Data demo; jumlah Bali sesuai laporan ANTARA per 31 Maret 2025"
BALI = "51"
FIRST_MONTH = datetime.date(2024, 1, 31)

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
# Monthly growth of participants, per mille of March 2025, so that the regencies do not move in lockstep.
MONTHLY_GROWTH_PER_MILLE = {
    "51.01": 5, "51.02": 6, "51.03": 7, "51.04": 6, "51.05": 4, "51.06": 3, "51.07": 5, "51.08": 6, "51.71": 8,
}
# The working population steps each September, when the August Sakernas is out: the figures of March 2025 hold
# from September 2024 to August 2025, the year before had 1.5% fewer workers, each later year 1.2% more.
SAKERNAS_MONTH = 9
BEFORE_SEPTEMBER_2024_PER_MILLE = 985
YEARLY_GROWTH_PER_MILLE = 1012
# Breakdowns by segment are known from 2025 on (per mille of the participants: PU, BPU, Jakon; the rest is PMI).
SEGMENTS_FROM_YEAR = 2025
BALI_SEGMENTS_PER_MILLE = (580, 310, 70)

# What a province's figures at its latest cut-off are made to show against the target of the year (DESIGN.md:
# Outlook); the targets are fitted to them (`coverage/demo/targets.py`).
ON_TRACK, ACCELERATE, LIMITED, DETERIORATING, REACHED = "on_track", "accelerate", "limited", "deteriorating", "reached"
OUTLOOKS = (ON_TRACK, ACCELERATE, LIMITED, DETERIORATING, REACHED)
BALI_OUTLOOK = LIMITED  # its 2026 target above 2025's published 67.28%, which its pace is far from


@dataclass(frozen=True)
class ProvinceProfile:
    outlook: str
    level: float  # coverage % of a typical regency in March 2025
    growth_per_mille: float  # participants gained a month, per mille of March 2025 (negative: losing them)
    segments_per_mille: tuple[int, int, int]
    late_share: float  # how many of its figures are entered after the deadline


@dataclass(frozen=True)
class RegencyProfile:
    participants: int  # 31 March 2025
    working_population: int  # September 2024 to August 2025
    growth_per_mille: float


def month_ends(first: datetime.date, count: int) -> list[datetime.date]:
    dates, year, month = [], first.year, first.month
    for _ in range(count):
        dates.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def cut_offs_before(today: datetime.date) -> list[datetime.date]:
    """Month-ends from January 2024 up to the last one before `today`: the demo is never stale."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return month_ends(FIRST_MONTH, months_between(FIRST_MONTH, last) + 1)


def province_profiles(codes: list[str]) -> dict[str, ProvinceProfile]:
    """Each province's level, pace and outlook: levels spread over 15-65%, the outlooks taken in turn."""
    others = [code for code in sorted(codes) if code != BALI]
    profiles = {}
    for code in codes:
        rng = random.Random(f"ucj-demo:{code}")
        outlook = BALI_OUTLOOK if code == BALI else OUTLOOKS[others.index(code) % len(OUTLOOKS)]
        growth = rng.uniform(-3.5, -1.0) if outlook == DETERIORATING else rng.uniform(2.0, 8.0)
        segments = BALI_SEGMENTS_PER_MILLE if code == BALI else (
            rng.randint(450, 620), rng.randint(200, 300), rng.randint(30, 70))
        profiles[code] = ProvinceProfile(outlook=outlook, level=rng.uniform(15, 65), growth_per_mille=growth,
                                         segments_per_mille=segments, late_share=rng.uniform(0.0, 0.15))
    return profiles


def regency_profile(code: str, kind: str, province: ProvinceProfile) -> RegencyProfile:
    """A regency's size and coverage around its province's level (cities a little higher); Bali's as published."""
    if code in MARCH_2025:
        participants, working_population = MARCH_2025[code]
        return RegencyProfile(participants, working_population, MONTHLY_GROWTH_PER_MILLE[code])
    rng = random.Random(f"ucj-demo:{code}")
    working_population = rng.randint(60_000, 900_000) if kind == "kota" else rng.randint(40_000, 600_000)
    coverage = min(75.0, max(5.0, province.level + rng.uniform(-8, 8) + (5 if kind == "kota" else 0)))
    return RegencyProfile(round(working_population * coverage / 100), working_population,
                          province.growth_per_mille * rng.uniform(0.6, 1.4))


def working_population_on(profile: RegencyProfile, as_of: datetime.date) -> int:
    sakernas_year = as_of.year if as_of.month >= SAKERNAS_MONTH else as_of.year - 1
    steps = sakernas_year - 2024
    if steps < 0:
        return profile.working_population * BEFORE_SEPTEMBER_2024_PER_MILLE // 1000
    working_population = profile.working_population
    for _ in range(steps):
        working_population = working_population * YEARLY_GROWTH_PER_MILLE // 1000
    return working_population


def figure(profile: RegencyProfile, province: ProvinceProfile, as_of: datetime.date) -> CoverageSnapshot:
    """The demo figure of one regency at one month-end (unsaved, without its regency)."""
    working_population = working_population_on(profile, as_of)
    offset = months_between(PUBLISHED_AS_OF, as_of)
    # Floored per mille, so that March 2025 (offset 0) is exactly the published figure.
    participants = int(profile.participants * (1000 + profile.growth_per_mille * offset) // 1000)
    participants = max(1, min(participants, working_population))
    snapshot = CoverageSnapshot(as_of=as_of, participants=participants, working_population=working_population,
                                source=DEMO_SOURCE)
    if as_of.year >= SEGMENTS_FROM_YEAR:
        pu, bpu, jakon = (participants * share // 1000 for share in province.segments_per_mille)
        snapshot.pu, snapshot.bpu, snapshot.jakon = pu, bpu, jakon
        snapshot.pmi = participants - pu - bpu - jakon
    return snapshot
