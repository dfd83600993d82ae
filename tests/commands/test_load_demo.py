"""load_demo: the published Bali figures of 31 March 2025, month-ends up to last month, demo rows that say so."""
import datetime
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from coverage import reasons
from coverage.arithmetic import coverage_percent, participants_needed
from coverage.demo import DEMO_SOURCE, MARCH_2025, PUBLISHED_AS_OF
from coverage.demo.figures import cut_offs_before
from coverage.models import Assignment, CoverageSnapshot, Province, Target
from coverage.snapshots.selectors import latest_snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (18,000 rows), in a transaction rolled back after its last test; each
    test runs in a savepoint inside it, so that what one test changes the next does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_regions", verbosity=0)
        call_command("load_demo", password="demo-password-123", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_bali_march_2025_totals_match_the_published_report(demo):
    totals = CoverageSnapshot.objects.filter(regency__province__code="51", as_of=PUBLISHED_AS_OF).aggregate(
        participants=Sum("participants"), working_population=Sum("working_population")
    )
    assert totals == {"participants": 935_079, "working_population": 1_873_899}
    assert coverage_percent(totals["participants"], totals["working_population"]) == Decimal("49.90")


def test_badung_is_highest_and_bangli_lowest_on_31_march_2025(demo):
    bali = Province.objects.get(code="51")
    ranked = sorted(latest_snapshots(as_of=PUBLISHED_AS_OF, province=bali), key=lambda s: s.coverage_percent,
                    reverse=True)
    assert len(ranked) == 9
    assert (ranked[0].regency.name, ranked[0].coverage_percent) == ("Kabupaten Badung", Decimal("58.68"))
    assert (ranked[-1].regency.name, ranked[-1].coverage_percent) == ("Kabupaten Bangli", Decimal("35.52"))


def test_at_least_18_monthly_cut_offs_for_each_bali_regency(demo):
    dates = CoverageSnapshot.objects.filter(regency__code="51.71").values_list("as_of", flat=True)
    assert len(dates) >= 18
    assert sorted(dates) == cut_offs_before(timezone.localdate())


def test_every_demo_snapshot_says_it_is_demo_data(demo):
    assert not CoverageSnapshot.objects.exclude(source__icontains="demo").exists()


def test_kemendagri_2025_target_for_bali_is_the_published_one(demo):
    target = Target.objects.get(province__code="51", year=2025, source="kemendagri")
    assert target.percent == Decimal("67.28")
    assert DEMO_SOURCE not in target.note


def test_demo_rows_have_history(demo):
    assert CoverageSnapshot.history.count() == CoverageSnapshot.objects.count()
    record = CoverageSnapshot.history.first()
    assert (record.history_user.username, record.history_change_reason) == ("admin", reasons.coded(reasons.DEMO))


def test_demo_users_exist_for_each_role_and_can_sign_in(demo):
    petugas = authenticate(username="petugas", password="demo-password-123")
    assert petugas is not None and petugas.groups.filter(name="Field staff").exists()
    assert Assignment.objects.filter(user=petugas, province__code="51").exists()
    pejabat = authenticate(username="pejabat", password="demo-password-123")
    assert pejabat is not None and pejabat.groups.filter(name="Officials").exists()
    admin = authenticate(username="admin", password="demo-password-123")
    assert admin is not None and admin.is_superuser


def test_second_run_adds_nothing_and_keeps_passwords(demo, capsys):
    snapshots, targets = CoverageSnapshot.objects.count(), Target.objects.count()
    call_command("load_demo")
    assert (CoverageSnapshot.objects.count(), Target.objects.count()) == (snapshots, targets)
    assert authenticate(username="petugas", password="demo-password-123") is not None
    assert "unchanged" in capsys.readouterr().out


def test_if_empty_skips_a_database_with_snapshots(demo):
    CoverageSnapshot.objects.filter(as_of=PUBLISHED_AS_OF).delete()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert not CoverageSnapshot.objects.filter(as_of=PUBLISHED_AS_OF).exists()


def test_the_demo_supervisor_reviews_bali_whose_latest_cut_off_awaits_review(demo):
    from coverage.places.access import reviewable_regencies

    penyetuju = authenticate(username="penyetuju", password="demo-password-123")
    assert set(reviewable_regencies(penyetuju).values_list("code", flat=True)) == set(MARCH_2025)
    latest = cut_offs_before(timezone.localdate())[-1]
    bali_latest = CoverageSnapshot.objects.filter(regency__province__code="51", as_of=latest)
    assert set(bali_latest.values_list("status", flat=True)) == {"submitted", "approved", "returned"}
    assert not bali_latest.filter(status="submitted", updated_by=penyetuju).exists()  # nothing of their own


# --- The national demo (issue 16): every regency, up to last month, with what the review, deadlines and outlook show.


def _cut_offs():
    return cut_offs_before(timezone.localdate())


def test_cut_offs_run_from_january_2024_to_the_last_month_end_before_the_day():
    cut_offs = cut_offs_before(datetime.date(2026, 11, 29))
    assert (cut_offs[0], cut_offs[-1], len(cut_offs)) == (datetime.date(2024, 1, 31), datetime.date(2026, 10, 31), 34)
    assert cut_offs_before(datetime.date(2026, 11, 30))[-1] == datetime.date(2026, 10, 31)
    assert cut_offs_before(datetime.date(2027, 1, 1))[-1] == datetime.date(2026, 12, 31)


def test_every_regency_has_a_figure_at_every_cut_off_but_the_last_two(demo):
    older = _cut_offs()[:-2]
    assert CoverageSnapshot.objects.filter(as_of__in=older).count() == 514 * len(older)
    assert set(CoverageSnapshot.objects.values_list("as_of", flat=True)) == set(_cut_offs())


def test_provinces_have_their_own_levels_between_about_15_and_65_percent(demo):
    sums = CoverageSnapshot.objects.filter(as_of=PUBLISHED_AS_OF).values("regency__province__code").annotate(
        participants=Sum("participants"), working_population=Sum("working_population"))
    levels = [coverage_percent(row["participants"], row["working_population"]) for row in sums]
    assert len(levels) == 38
    assert min(levels) < 25 and max(levels) > 55 and all(10 < level < 75 for level in levels)


def test_the_working_population_steps_once_a_year_in_september(demo):
    rows = CoverageSnapshot.objects.filter(regency__code="32.04").order_by("as_of").values_list(
        "as_of", "working_population")
    steps = [as_of for (_before, previous), (as_of, current) in itertools.pairwise(rows) if current != previous]
    assert steps and {as_of.month for as_of in steps} == {9}


def test_breakdowns_by_segment_on_the_recent_months_add_up(demo):
    assert not CoverageSnapshot.objects.filter(as_of__year=2024, pu__isnull=False).exists()
    recent = CoverageSnapshot.objects.filter(as_of__year__gte=2025)
    assert not recent.filter(pu__isnull=True).exists()
    row = recent.filter(regency__code="73.71").first()
    assert row.pu + row.bpu + row.jakon + row.pmi == row.participants


def test_a_kemendagri_target_for_every_province_and_year_and_rpjmd_targets_for_some_regencies(demo):
    years = range(2024, timezone.localdate().year + 1)
    kemendagri = Target.objects.filter(source="kemendagri", province__isnull=False)
    assert set(kemendagri.values_list("province__code", "year")) == {
        (code, year) for code in Province.objects.values_list("code", flat=True) for year in years}
    rpjmd = Target.objects.filter(source="rpjmd", regency__isnull=False).values("regency").distinct().count()
    assert 20 <= rpjmd <= 120
    assert Target.objects.get(regency__code="51.03", year=2025, source="rpjmd").percent == Decimal("70.00")


def test_figures_older_than_the_last_two_cut_offs_are_approved_by_the_supervisor(demo):
    older = CoverageSnapshot.objects.filter(as_of__lt=_cut_offs()[-2])
    assert set(older.values_list("status", "reviewed_by__username").distinct()) == {("approved", "penyetuju")}
    assert not older.filter(reviewed_at__isnull=True).exists()
    assert not older.filter(reviewed_at__lt=F("created_at")).exists()


def test_the_last_two_cut_offs_partly_await_review_and_one_figure_is_returned_with_a_comment(demo):
    previous, latest = _cut_offs()[-2:]
    statuses = {as_of: dict(CoverageSnapshot.objects.filter(as_of=as_of).values_list("status").annotate(Count("pk")))
                for as_of in (previous, latest)}
    assert statuses[previous]["approved"] > statuses[previous]["submitted"] > 0
    assert statuses[latest]["submitted"] > statuses[latest]["approved"] > 0
    returned = CoverageSnapshot.objects.get(status="returned")
    assert (returned.as_of, returned.regency.province.code) == (latest, "51")
    assert returned.reviewed_by.username == "penyetuju"
    assert "mohon" in returned.review_comment


def test_a_few_figures_came_after_their_deadline_and_a_few_regencies_are_missing(demo):
    stored = list(CoverageSnapshot.objects.values_list("as_of", "created_at"))
    late = [as_of for as_of, created_at in stored
            if timezone.localdate(created_at) > as_of + datetime.timedelta(days=10)]
    assert 0.01 < len(late) / len(stored) < 0.15
    assert max(created_at for _as_of, created_at in stored) <= timezone.now()
    assert not CoverageSnapshot.objects.filter(created_at__date__lte=F("as_of")).exists()
    previous, latest = (CoverageSnapshot.objects.filter(as_of=as_of).count() for as_of in _cut_offs()[-2:])
    assert 514 - 60 < latest < previous < 514
    record = CoverageSnapshot.history.get(regency__code="51.03", as_of=PUBLISHED_AS_OF)
    assert record.history_date == CoverageSnapshot.objects.get(pk=record.id).created_at


def _outlook(code: str, today: datetime.date) -> str:
    """A province's outlook as DESIGN.md (Outlook) defines it, from the stored figures and its Kemendagri target."""
    latest = list(latest_snapshots(as_of=today, province=Province.objects.get(code=code)))
    participants = sum(row.participants for row in latest)
    working_population = sum(row.working_population for row in latest)
    pace = Decimal(0)
    for row in latest:
        year_before = datetime.date(row.as_of.year - 1, row.as_of.month, 1)
        base = row.regency.snapshots.filter(as_of__gte=year_before, as_of__lt=row.as_of).earliest("as_of")
        pace += Decimal(row.participants - base.participants) / 12
    target = Target.objects.get(province__code=code, year=today.year, source="kemendagri").percent
    newest = max(row.as_of for row in latest)
    months_left = (today.year - newest.year) * 12 + 12 - newest.month
    needed = participants_needed(target, working_population, participants)
    if needed == 0:
        return "reached"
    needed_a_month = -(-needed // months_left)
    for outlook, ratio in (("on_track", "0.95"), ("accelerate", "0.60"), ("limited", "0")):
        if pace >= Decimal(ratio) * needed_a_month:
            return outlook
    return "deteriorating"


def test_provinces_are_spread_over_every_outlook(demo):
    today = timezone.localdate()
    outlooks = Counter(_outlook(code, today) for code in Province.objects.values_list("code", flat=True))
    assert set(outlooks) == {"on_track", "accelerate", "limited", "deteriorating", "reached"}
    assert min(outlooks.values()) >= 5
    assert _outlook("51", today) == "limited"  # far from its target, above 2025's published 67.28%
