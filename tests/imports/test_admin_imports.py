"""The admin's import and export of targets and snapshots: preview, confirm, and a round trip that changes nothing."""
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coverage import reasons
from coverage.models import CoverageSnapshot, Target
from tests.factories import SnapshotFactory, TargetFactory

pytestmark = pytest.mark.django_db


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def import_file(client, model, content, name):
    url = reverse(f"admin:coverage_{model}_import")
    preview = client.post(url, {"preview": "1", "file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="en")
    assert preview.status_code == 200
    return preview, client.post(url, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")


def snapshot_values():
    return list(CoverageSnapshot.objects.order_by("regency__code", "as_of").values_list(
        "regency__code", "as_of", "participants", "working_population", "pu", "bpu", "jakon", "pmi", "source"))


def target_values():
    return sorted(Target.objects.values_list("province__code", "regency__code", "year", "percent", "source", "note"),
                  key=str)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_snapshot_round_trip_gives_identical_data(client, administrator, badung, bangli, fmt):
    SnapshotFactory(regency=badung, participants=935079, working_population=1873899, pu=900000, bpu=35079, jakon=0,
                    pmi=0, source="=cmd|' /C calc'!A0")
    SnapshotFactory(regency=bangli, as_of="2025-02-28", participants=35000, working_population=98537, source="BPJS")
    client.force_login(administrator)
    content = download(client, reverse("admin:coverage_coveragesnapshot_export", args=[fmt]))
    before = snapshot_values()
    CoverageSnapshot.objects.all().delete()
    _preview, stored = import_file(client, "coveragesnapshot", content, f"snapshots.{fmt}")
    assert stored.status_code == 302
    # Even the formula-like source, which the export writes with a leading quote, comes back as it was.
    assert snapshot_values() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_target_round_trip_gives_identical_data(client, administrator, bali, badung, fmt):
    TargetFactory(province=bali, year=2025, percent=Decimal("67.28"), note="Kepmendagri letter")
    TargetFactory(province=None, regency=badung, year=2025, percent=Decimal("70.00"), source="rpjmd")
    TargetFactory(province=bali, year=2026, percent=Decimal("100.00"), source="rpjmn")
    client.force_login(administrator)
    content = download(client, reverse("admin:coverage_target_export", args=[fmt]))
    before = target_values()
    Target.objects.all().delete()
    preview, stored = import_file(client, "target", content, f"targets.{fmt}")
    assert stored.status_code == 302, preview.content.decode()[-3000:]
    assert target_values() == before
    record = Target.history.filter(year=2026).latest()
    assert record.history_user == administrator and f"targets.{fmt}" in record.history_change_reason


def test_target_import_refuses_a_bad_percent_and_stores_nothing(client, administrator, bali):
    client.force_login(administrator)
    content = b"code,year,percent,source\n51,2025,67.28,kemendagri\n51,2026,120,kemendagri\n"
    preview, _stored = import_file(client, "target", content, "t.csv")
    assert "Ensure this value is less than or equal to 100" in preview.content.decode()
    assert not Target.objects.exists()


def test_target_changes_are_previewed_and_stored_with_history(client, administrator, bali):
    target = TargetFactory(province=bali, year=2025, percent=Decimal("60.00"))
    client.force_login(administrator)
    preview, _stored = import_file(client, "target", b"code,year,percent,source\n51,2025,\"67,28\",kemendagri\n",
                                  "t.csv")
    assert "correction" in preview.content.decode()
    assert "Target (%): <del>60.00</del> → <ins>67.28</ins>" in preview.content.decode()  # what the correction changes
    target.refresh_from_db()
    assert target.percent == Decimal("67.28")
    assert target.history.latest().history_change_reason == reasons.imported("t.csv")


def test_the_list_has_the_buttons_and_the_export_follows_its_filter(client, administrator, badung, lombok_barat):
    SnapshotFactory(regency=badung)
    SnapshotFactory(regency=lombok_barat)
    client.force_login(administrator)
    page = client.get(reverse("admin:coverage_coveragesnapshot_changelist"), {"province": "52"}).content.decode()
    assert reverse("admin:coverage_coveragesnapshot_import") in page
    url = reverse("admin:coverage_coveragesnapshot_export", args=["csv"])
    assert f"{url}?province=52" in page
    lines = download(client, f"{url}?province=52").decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["52.01"]


def test_officials_cannot_reach_the_import(client, pejabat):
    client.force_login(pejabat)
    response = client.get(reverse("admin:coverage_target_import"))
    assert response.status_code == 302  # the admin's own sign-in page: officials are not staff


def test_the_export_is_readable_by_openpyxl(client, administrator, badung):
    from openpyxl import load_workbook

    SnapshotFactory(regency=badung)
    client.force_login(administrator)
    sheet = load_workbook(io.BytesIO(download(client, reverse("admin:coverage_coveragesnapshot_export",
                                                              args=["xlsx"])))).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Kode"  # read back as "code" (exports.column_key)


def test_an_administrator_without_the_change_permission_cannot_import(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="add_target"),
                               Permission.objects.get(codename="view_target"))
    client.force_login(clerk)
    assert client.get(reverse("admin:coverage_target_import")).status_code == 403
    page = client.get(reverse("admin:coverage_target_changelist")).content.decode()
    assert reverse("admin:coverage_target_import") not in page
    assert reverse("admin:coverage_target_export", args=["csv"]) in page


def test_a_target_file_without_notes_keeps_the_stored_note(bali):
    import io as _io

    from coverage.imports import reading as imports
    from coverage.imports import services
    from coverage.snapshots import batch

    TargetFactory(province=bali, year=2025, percent=Decimal("67.28"), note="Kepmendagri letter")
    rows = imports.read_target_file(_io.BytesIO(b"code,year,percent,source\n51,2025,67.28,kemendagri\n"))
    assert [line.action for line in services.targets_import_plan(rows=rows).rows] == [batch.UNCHANGED]
