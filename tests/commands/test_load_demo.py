"""load_demo: the published Bali figures of 31 March 2025, 18 month-ends, demo rows that say so."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Sum

from coverage.arithmetic import coverage_percent
from coverage.demo import DEMO_SOURCE, MARCH_2025, PUBLISHED_AS_OF
from coverage.models import Assignment, CoverageSnapshot, Target
from coverage.snapshots.selectors import latest_snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(regions):
    call_command("load_demo", password="demo-password-123", verbosity=0)


def test_bali_march_2025_totals_match_the_published_report(demo):
    totals = CoverageSnapshot.objects.filter(regency__province__code="51", as_of=PUBLISHED_AS_OF).aggregate(
        participants=Sum("participants"), working_population=Sum("working_population")
    )
    assert totals == {"participants": 935_079, "working_population": 1_873_899}
    assert coverage_percent(totals["participants"], totals["working_population"]) == Decimal("49.90")


def test_badung_is_highest_and_bangli_lowest_on_31_march_2025(demo):
    ranked = sorted(latest_snapshots(as_of=PUBLISHED_AS_OF), key=lambda s: s.coverage_percent, reverse=True)
    assert len(ranked) == 9
    assert (ranked[0].regency.name, ranked[0].coverage_percent) == ("Kabupaten Badung", Decimal("58.68"))
    assert (ranked[-1].regency.name, ranked[-1].coverage_percent) == ("Kabupaten Bangli", Decimal("35.52"))


def test_at_least_18_monthly_cut_offs_for_each_bali_regency(demo):
    dates = CoverageSnapshot.objects.filter(regency__code="51.71").values_list("as_of", flat=True)
    assert len(dates) >= 18
    assert max(dates) <= datetime.date(2025, 6, 30)
    assert CoverageSnapshot.objects.count() == 9 * len(dates)


def test_every_demo_snapshot_says_it_is_demo_data(demo):
    assert not CoverageSnapshot.objects.exclude(source__icontains="demo").exists()


def test_kemendagri_2025_target_for_bali_is_the_published_one(demo):
    target = Target.objects.get(province__code="51", year=2025, source="kemendagri")
    assert target.percent == Decimal("67.28")
    assert DEMO_SOURCE not in target.note


def test_demo_rows_have_history(demo):
    assert CoverageSnapshot.history.count() == CoverageSnapshot.objects.count()
    record = CoverageSnapshot.history.first()
    assert (record.history_user.username, record.history_change_reason) == ("admin", "load_demo")


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


def test_random_passwords_are_printed_once_and_work(regions, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    passwords = dict(line.split() for line in out.splitlines() if line.startswith("  "))
    assert set(passwords) == {"petugas", "penyetuju", "pejabat", "admin"}
    assert authenticate(username="pejabat", password=passwords["pejabat"]) is not None


def test_if_empty_skips_a_database_with_snapshots(demo):
    CoverageSnapshot.objects.filter(as_of=PUBLISHED_AS_OF).delete()
    call_command("load_demo", "--if-empty", verbosity=0)
    assert not CoverageSnapshot.objects.filter(as_of=PUBLISHED_AS_OF).exists()


def test_the_demo_supervisor_reviews_bali_whose_latest_cut_off_awaits_review(demo):
    from coverage.places.access import reviewable_regencies

    penyetuju = authenticate(username="penyetuju", password="demo-password-123")
    assert set(reviewable_regencies(penyetuju).values_list("code", flat=True)) == set(MARCH_2025)
    statuses = dict(CoverageSnapshot.objects.values_list("as_of", "status").distinct())
    latest = max(statuses)
    assert statuses.pop(latest) == CoverageSnapshot.Status.SUBMITTED
    assert set(statuses.values()) == {CoverageSnapshot.Status.APPROVED}
