"""Live: a figure saved by any way in shows on the very next request of every page, export and API read.

The pages keep what they compute under the data version (coverage/web/cached.py). Each test first reads every
page (the cache then holds the old figures, which the `warm` fixture proves), writes the way a user or a script
does, and reads every page again.
"""
import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coverage.models import CoverageSnapshot, DataVersion, Province, Regency, Target
from tests.entry.conftest import client_for, grid_data, new_data
from tests.factories import ProvinceFactory, RegencyFactory, SnapshotFactory, TargetFactory, supervisor
from tests.imports.files import HEADER, csv_file

MARCH = datetime.date(2025, 3, 31)
FEBRUARY = datetime.date(2025, 2, 28)
AS_OF = {"as_of": MARCH.isoformat()}
# Every page and export that shows Badung's figure as of 31 March 2025, with the parameters it is read with.
PAGES = [
    ("/", AS_OF), ("/rankings/", AS_OF), ("/rankings/", AS_OF | {"province": "51"}),
    ("/rankings/", AS_OF | {"per_page": "1", "page": "2", "sort": "participants"}),
    ("/rankings/provinces/", AS_OF), ("/provinces/51/", AS_OF), ("/regencies/51.03/", AS_OF),
    ("/report/", AS_OF | {"province": "51"}), ("/rankings/", AS_OF | {"_export": "csv"}),
    ("/rankings/provinces/", AS_OF | {"_export": "csv"}), ("/api/v1/rankings/regencies/", AS_OF),
    ("/api/v1/rankings/provinces/", AS_OF),
]
BANGLI = 60_000  # Bangli's participants at both dates: Bali's sum is Badung's plus this


@pytest.fixture
def bali_figures(badung, bangli, petugas):
    """February's figures of Badung and Bangli approved, Bangli's of March too; a target for Bali."""
    for regency, participants, population in ((badung, 165_000, 285_846), (bangli, BANGLI, 170_000)):
        for as_of in (FEBRUARY, MARCH) if regency == bangli else (FEBRUARY,):
            SnapshotFactory(regency=regency, as_of=as_of, participants=participants, working_population=population,
                            status=CoverageSnapshot.Status.APPROVED, created_by=petugas, updated_by=petugas)
    TargetFactory(province=badung.province, year=2025, percent=Decimal("60.00"))


def _read(client, path, parameters) -> str:
    response = client.get(path, parameters, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, (path, parameters)
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def shows_everywhere(client, badung_participants: int, *, extra=None):
    """Every page shows Badung's count, or where it shows only sums, Bali's: with separators, or plain (exports)."""
    numbers = (badung_participants, badung_participants + BANGLI)
    written = {f"{number:,}" for number in numbers} | {str(number) for number in numbers}
    for path, parameters in PAGES:
        page = _read(client, path, parameters | (extra or {}))
        assert any(number in page for number in written), (path, parameters, badung_participants)


@pytest.fixture
def warm(bali_figures, pejabat):
    """An official's client whose pages have all been read once: the cache holds February's figure of Badung."""
    DataVersion.objects.get_or_create(pk=1)  # a flushed test database has lost it, and then nothing is cached
    cache.clear()
    client = client_for(pejabat)
    shows_everywhere(client, 165_000)
    with CaptureQueriesContext(connection) as read_again:
        _read(client, "/rankings/", AS_OF)
    assert not any("coverage_coveragesnapshot" in query["sql"] for query in read_again), "not served from the cache"
    return client


def test_the_form(warm, petugas):
    response = client_for(petugas).post("/entry/new/", new_data(participants="168321"))
    assert response.status_code == 302
    shows_everywhere(warm, 168_321)


def test_a_correction(warm, petugas, badung):
    snapshot = SnapshotFactory(regency=badung, as_of=MARCH, participants=166_000, working_population=285_846)
    shows_everywhere(warm, 166_000)
    response = client_for(petugas).post(f"/entry/{snapshot.pk}/edit/", {
        "as_of": "2025-03-31", "participants": "168322", "working_population": "285846", "source": "",
        "note": "", "version": str(snapshot.version), "change_reason": "typo"})
    assert response.status_code == 302
    shows_everywhere(warm, 168_322)


def test_the_grid(warm, petugas):
    client = client_for(petugas)
    url = f"/entry/grid/?province=51&as_of={MARCH.isoformat()}"
    data = grid_data(client.get(url), {"51.03": {"participants": "168323", "working_population": "285846"}})
    assert client.post(url, data).status_code == 302
    shows_everywhere(warm, 168_323)


def test_the_upload(warm, petugas):
    client = client_for(petugas)
    file = csv_file([["51.03", "2025-03-31", "168324", "285846"]], header=HEADER[:4])
    client.post(reverse("entry_upload"), {"preview": "1", "file": SimpleUploadedFile("maret.csv", file.getvalue())})
    assert client.post(reverse("entry_upload"), {"confirm": "1"}).status_code == 302
    shows_everywhere(warm, 168_324)


def test_the_import_command(warm, petugas, tmp_path):
    path = tmp_path / "maret.csv"
    path.write_bytes(csv_file([["51.03", "2025-03-31", "168325", "285846"]], header=HEADER[:4]).getvalue())
    call_command("import_snapshots", str(path), user=petugas.username)
    shows_everywhere(warm, 168_325)


@pytest.mark.parametrize(("action", "approved_pages_show", "all_pages_show"),
                         [("approve", 168_326, 168_326), ("return", 165_000, 165_000)])
def test_the_review(warm, petugas, badung, action, approved_pages_show, all_pages_show):
    """Approving counts the figure on the pages of approved figures; returning stops it counting anywhere."""
    snapshot = SnapshotFactory(regency=badung, as_of=MARCH, participants=168_326, working_population=285_846,
                               created_by=petugas, updated_by=petugas)
    shows_everywhere(warm, 168_326)
    shows_everywhere(warm, 165_000, extra={"figures": "approved"})
    response = client_for(supervisor(places=[badung.province])).post(
        reverse("review"), {"action": action, "snapshot": f"{snapshot.pk}:{snapshot.version}", "comment": "why"})
    assert response.status_code == 302
    shows_everywhere(warm, approved_pages_show, extra={"figures": "approved"})
    shows_everywhere(warm, all_pages_show)


def test_a_target_changed_in_the_admin(warm, administrator):
    target = Target.objects.get()
    assert "60.00" in _read(warm, "/rankings/", AS_OF | {"_export": "csv"})
    response = client_for(administrator).post(
        reverse("admin:coverage_target_change", args=[target.pk]),
        {"province": target.province_id, "regency": "", "year": "2025", "percent": "61.5", "source": "kemendagri",
         "note": "", "_change_reason": "revised"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "61.50" in _read(warm, "/rankings/", AS_OF | {"_export": "csv"})
    assert "61.50" in _read(warm, "/rankings/provinces/", AS_OF | {"_export": "csv"})


def test_a_regency_renamed_in_the_admin(warm, administrator, badung):
    response = client_for(administrator).post(
        reverse("admin:coverage_regency_change", args=[badung.pk]),
        {"code": "51.03", "name": "Kabupaten Badung Baru", "province": badung.province_id, "kind": badung.kind})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Kabupaten Badung Baru" in _read(warm, "/rankings/", AS_OF)


def test_any_other_writer_even_sql_typed_in_a_shell(warm, badung):
    """The data version is bumped by the database itself: a write that no Python code of ours makes counts too."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE coverage_coveragesnapshot SET participants = 168327 WHERE regency_id = %s",
                       [badung.pk])
    shows_everywhere(warm, 168_327)


def _version() -> int:
    return DataVersion.objects.get().number


@pytest.mark.parametrize("make", [
    lambda bali, badung: ProvinceFactory(code="99"),
    lambda bali, badung: RegencyFactory(province=bali, code="51.99"),
    lambda bali, badung: SnapshotFactory(regency=badung, as_of=MARCH),
    lambda bali, badung: TargetFactory(province=bali, year=2030),
], ids=["province", "regency", "snapshot", "target"])
def test_every_write_of_a_cached_table_bumps_the_version(bali, badung, make):
    """An insert, an update and a delete of each table in DataVersion.TABLES, the last two through bulk paths."""
    assert {model._meta.db_table for model in (Province, Regency, CoverageSnapshot, Target)} == set(DataVersion.TABLES)
    DataVersion.objects.get_or_create(pk=1)
    before = _version()
    row = make(bali, badung)
    inserted = _version()
    type(row).objects.filter(pk=row.pk).update(id=F("id"))
    updated = _version()
    type(row).objects.filter(pk=row.pk).delete()
    assert before < inserted < updated < _version()


def test_rows_are_kept_per_language(warm):
    """The rendered rows read in English are not served to a reader of Indonesian."""
    assert "165,000" in _read(warm, "/rankings/", AS_OF)
    warm.cookies["django_language"] = "id"
    page = warm.get("/rankings/", AS_OF).content.decode()
    assert "165.000" in page and "165,000" not in page


def test_a_request_that_writes_reads_the_version_again(warm, petugas, badung):
    """A POST's reads after its own write are never served from before it (DataVersionMiddleware)."""
    from coverage.rankings.selectors import regency_ranking
    from coverage.web.cached import DataVersionMiddleware

    def post_view(request):
        before = next(row for row in regency_ranking(as_of=MARCH) if row.code == "51.03").participants
        SnapshotFactory(regency=badung, as_of=MARCH, participants=168_328, working_population=285_846)
        after = next(row for row in regency_ranking(as_of=MARCH) if row.code == "51.03").participants
        return before, after

    request = type("Request", (), {"method": "POST"})()
    assert DataVersionMiddleware(post_view)(request) == (165_000, 168_328)
