"""The demo's rows with their review and timeliness: approved up to the last two cut-offs, the latest partly
awaiting review with one figure returned, a few entered late, a few regencies missing at the latest cut-offs."""
import datetime
import random

from django.conf import settings
from django.utils import timezone

from coverage.demo import figures
from coverage.models import CoverageSnapshot

# DESIGN.md (Deadlines): a cut-off's deadline is its date plus REPORTING_DEADLINE_DAYS.
DEADLINE_DAYS = getattr(settings, "REPORTING_DEADLINE_DAYS", 10)
LATE_BY_DAYS = (3, 8, 16)
MISSING_AT_LATEST, MISSING_AT_PREVIOUS = 0.04, 0.015
APPROVED_AT_PREVIOUS, APPROVED_AT_LATEST = 0.85, 0.3
REVIEWED_AFTER = datetime.timedelta(days=2, hours=3)
# Bali is what the demo's field staff and supervisor see: each state once at the latest cut-off.
BALI_MISSING_AT_LATEST = "51.06"
BALI_RETURNED = "51.07"
BALI_APPROVED_AT_LATEST = {"51.03", "51.71"}
BALI_AWAITING_AT_PREVIOUS = {"51.05"}
RETURN_COMMENT = ("Peserta BPU turun hampir 3.000 dari bulan lalu tanpa keterangan: mohon dicek ulang dengan "
                  "data KCP Karangasem.")


def _stored_at(as_of: datetime.date, *, days: int, now: datetime.datetime) -> datetime.datetime:
    """When a figure was first stored: `days` after its cut-off, in office hours, never after `now`."""
    moment = datetime.datetime.combine(as_of + datetime.timedelta(days=days), datetime.time(8 + days % 8, 15))
    return min(timezone.make_aware(moment), now)


def _missing(code: str, rng: random.Random, latest: bool) -> bool:
    if code.startswith(f"{figures.BALI}."):
        return latest and code == BALI_MISSING_AT_LATEST
    return rng.random() < (MISSING_AT_LATEST if latest else MISSING_AT_PREVIOUS)


def _status(code: str, rng: random.Random, *, cut_offs_left: int) -> str:
    """Approved up to the last two cut-offs; the previous one mostly approved, the latest mostly awaiting review."""
    status = CoverageSnapshot.Status
    if cut_offs_left > 1:
        return status.APPROVED
    if code.startswith(f"{figures.BALI}."):
        if cut_offs_left == 1:
            return status.SUBMITTED if code in BALI_AWAITING_AT_PREVIOUS else status.APPROVED
        if code == BALI_RETURNED:
            return status.RETURNED
        return status.APPROVED if code in BALI_APPROVED_AT_LATEST else status.SUBMITTED
    approved_share = APPROVED_AT_PREVIOUS if cut_offs_left == 1 else APPROVED_AT_LATEST
    return status.APPROVED if rng.random() < approved_share else status.SUBMITTED


def plan(*, regencies, profiles: dict, cut_offs: list[datetime.date], now: datetime.datetime,
         reviewer) -> list[CoverageSnapshot]:
    """Every demo row, unsaved: its figures, status and review; when it was stored is its `_history_date`
    (django-simple-history's date of its first revision; `created_at` is set to it after the insert)."""
    rows, reporting_provinces = [], set()
    for regency in regencies:
        province = profiles[regency.province.code]
        profile = figures.regency_profile(regency.code, regency.kind, province)
        rng = random.Random(f"ucj-demo:review:{regency.code}")
        missing_previous = _missing(regency.code, rng, latest=False)
        missing_latest = missing_previous or _missing(regency.code, rng, latest=True)
        # A province's first regency always reports, so that every province has a figure at the latest cut-off.
        if regency.province_id not in reporting_provinces:
            reporting_provinces.add(regency.province_id)
            missing_previous = missing_latest = False
        for position, as_of in enumerate(cut_offs):
            cut_offs_left = len(cut_offs) - 1 - position
            if (cut_offs_left == 0 and missing_latest) or (cut_offs_left == 1 and missing_previous):
                continue
            snapshot = figures.figure(profile, province, as_of)
            snapshot.regency = regency
            if as_of == figures.PUBLISHED_AS_OF and regency.province.code == figures.BALI:
                snapshot.source = figures.DEMO_SOURCE_PUBLISHED_TOTAL
            late = rng.random() < province.late_share
            days = DEADLINE_DAYS + rng.choice(LATE_BY_DAYS) if late else rng.randint(1, DEADLINE_DAYS - 1)
            snapshot._history_date = _stored_at(as_of, days=days, now=now)
            snapshot.status = _status(regency.code, rng, cut_offs_left=cut_offs_left)
            if snapshot.status != CoverageSnapshot.Status.SUBMITTED:
                snapshot.reviewed_by = reviewer
                snapshot.reviewed_at = min(snapshot._history_date + REVIEWED_AFTER, now)
            if snapshot.status == CoverageSnapshot.Status.RETURNED:
                snapshot.review_comment = RETURN_COMMENT
            rows.append(snapshot)
    return rows
