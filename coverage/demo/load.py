"""Loading the demo: its users, its rows through the bulk service (each with its history row), when each row was
stored, and its targets; all in one transaction, in seconds."""
import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from coverage import reasons, roles
from coverage.demo import figures, plan, targets
from coverage.models import Assignment, CoverageSnapshot, Province, Regency, Target
from coverage.snapshots.services import snapshots_bulk_record

DEMO_REASON = reasons.coded(reasons.DEMO)
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


def _ensure_users(password: str | None) -> dict[str, str]:
    User = get_user_model()
    bali = Province.objects.get(code=figures.BALI)
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


def _date_rows(rows: list[CoverageSnapshot]) -> None:
    """Give each new row the moment it was stored (its `_history_date`), which timeliness is judged by.

    `created_at` is auto_now_add, which the insert overwrites with now: set afterwards, one UPDATE per cut-off
    and moment (a few hundred), in the insert's transaction.
    """
    moments = defaultdict(list)
    for row in rows:
        moments[row.as_of, row._history_date].append(row.regency_id)
    for (as_of, moment), regency_ids in moments.items():
        CoverageSnapshot.objects.filter(as_of=as_of, regency_id__in=regency_ids).update(
            created_at=moment, updated_at=moment
        )


def _new_targets(wanted: list[Target]) -> list[Target]:
    stored = set(Target.objects.values_list("province_id", "regency_id", "year", "source"))
    return [target for target in wanted
            if (target.province_id, target.regency_id, target.year, target.source) not in stored]


@transaction.atomic
def demo_load(*, password: str | None = None, now: datetime.datetime | None = None) -> DemoLoadResult:
    """Load the demo up to the last month-end before `now` (by default now); a second run adds nothing that is
    already stored and changes no password."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = DemoLoadResult(passwords=_ensure_users(password))
    users = get_user_model().objects.in_bulk(["admin", "penyetuju"], field_name="username")

    regencies = list(Regency.objects.select_related("province").order_by("code"))
    provinces = sorted({regency.province for regency in regencies}, key=lambda province: province.code)
    profiles = figures.province_profiles([province.code for province in provinces])
    rows = plan.plan(regencies=regencies, profiles=profiles, cut_offs=figures.cut_offs_before(today), now=now,
                     reviewer=users["penyetuju"])
    stored = set(CoverageSnapshot.objects.values_list("regency_id", "as_of"))
    new = [row for row in rows if (row.regency_id, row.as_of) not in stored]
    snapshots_bulk_record(snapshots=new, by=users["admin"], reason=DEMO_REASON)
    _date_rows(new)
    result.snapshots_created = len(new)

    # Fitted to the planned rows, not to what is stored: the same targets whatever ran before.
    wanted = targets.kemendagri_targets(rows, provinces=provinces, profiles=profiles, today=today)
    wanted += targets.rpjmd_targets(regencies, profiles=profiles, today=today)
    new_targets = _new_targets(wanted)
    bulk_create_with_history(new_targets, Target, default_user=users["admin"], default_change_reason=DEMO_REASON)
    result.targets_created = len(new_targets)
    return result
