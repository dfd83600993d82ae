"""Backup and restore (README: Production): a dump restored into an empty database gives identical snapshots,
targets, assignments, users and change history; with `dumpdata`/`loaddata` anywhere, with `pg_dump`/`pg_restore`
on PostgreSQL."""
import datetime
import os
import shutil
import subprocess
from decimal import Decimal

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from coverage.models import Assignment, CoverageSnapshot, Province, Regency, Target
from coverage.snapshots import services
from tests.factories import TargetFactory

# The README's dumpdata command: permissions and content types by natural key (their ids differ between
# databases), every other row with its own id, so that references stay as they were; what migrate creates by
# itself, and sessions and sign-in logs, are left out. XML, because Django's JSON rounds times to milliseconds,
# which would change the times of the history.
DUMPDATA_ARGS = ["--format=xml", "--natural-foreign", "--exclude=contenttypes", "--exclude=auth.permission",
                 "--exclude=sessions", "--exclude=admin.logentry", "--exclude=axes"]
KEPT = [Province, Regency, CoverageSnapshot, CoverageSnapshot.history.model, Target, Target.history.model,
        Assignment, get_user_model()]


@pytest.fixture
def stored(badung, bangli, petugas, administrator):
    """Snapshots with a correction in their history, a province target changed once, an assignment."""
    created = services.snapshots_bulk_record(
        snapshots=[CoverageSnapshot(regency=regency, as_of=datetime.date(2025, 3, 31), participants=p,
                                    working_population=w, source="BPS Sakernas")
                   for regency, p, w in [(badung, 244_532, 416_715), (bangli, 55_880, 157_320)]],
        by=petugas, reason="monthly figures",
    )
    snapshot = CoverageSnapshot.objects.get(pk=created[0].pk)
    services.snapshot_correct(snapshot=snapshot, changes={"participants": 244_600}, by=administrator,
                              reason="typo in the report", expected_version=snapshot.version)
    target = TargetFactory(province=badung.province, percent=Decimal("67.28"))
    target.note = "Kepmendagri 2025"
    target.save()


def rows():
    """Every stored value of every model that a backup must keep, in a stable order."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in KEPT}


@pytest.mark.django_db
def test_dumpdata_restored_into_an_empty_database_gives_identical_rows(stored, tmp_path):
    before = rows()
    assert len(before["coverage.HistoricalCoverageSnapshot"]) == 3 and len(before["coverage.HistoricalTarget"]) == 2
    dump = tmp_path / "ucj.xml.gz"
    call_command("dumpdata", *DUMPDATA_ARGS, output=str(dump), verbosity=0)

    # Children first (the database protects references); history last, as deleting a row records it there.
    for model in [CoverageSnapshot, Target, Assignment, Regency, Province, CoverageSnapshot.history.model,
                  Target.history.model, get_user_model()]:
        model.objects.all().delete()
    assert all(not r for r in rows().values())

    call_command("loaddata", str(dump), verbosity=0)
    assert rows() == before


@pytest.mark.django_db
def test_after_a_restore_new_rows_get_new_ids(stored, tmp_path, lombok_barat):
    dump = tmp_path / "ucj.xml"
    call_command("dumpdata", *DUMPDATA_ARGS, output=str(dump), verbosity=0)
    highest = CoverageSnapshot.objects.order_by("-pk").first().pk
    CoverageSnapshot.objects.all().delete()
    CoverageSnapshot.history.model.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    added = CoverageSnapshot.objects.create(regency=lombok_barat, as_of=datetime.date(2025, 3, 31),
                                            participants=1, working_population=2)
    assert added.pk > highest


def _postgres_url(name: str) -> str:
    settings_dict = connection.settings_dict
    return (f"postgresql://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}"
            f":{settings_dict['PORT'] or 5432}/{name}")


def _fingerprint(url: str) -> dict:
    """A digest of every row of each kept table, read straight from PostgreSQL."""
    digests = {}
    with psycopg.connect(url) as db:
        for model in KEPT:
            table, key = model._meta.db_table, model._meta.pk.column
            digests[table] = db.execute(
                f'SELECT count(*), md5(coalesce(string_agg(t::text, \',\' ORDER BY t."{key}"), \'\')) FROM "{table}" t'
            ).fetchone()
    return digests


# Committed rows, so that pg_dump (another connection) sees them; the groups of migration 0002 are put back after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_restored_into_an_empty_database_gives_identical_rows(stored, tmp_path):
    if connection.vendor != "postgresql" or not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs PostgreSQL (DATABASE_URL) and pg_dump / pg_restore")
    source = _postgres_url(connection.settings_dict["NAME"])
    restored_name = connection.settings_dict["NAME"] + "_restored"
    environment = {**os.environ, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
    dump = tmp_path / "ucj.dump"
    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        admin.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        # The README's commands, word for word but for the names.
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source],
                       check=True, env=environment, timeout=120)
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_postgres_url(restored_name)}",
                        str(dump)], check=True, env=environment, timeout=120)
        assert _fingerprint(_postgres_url(restored_name)) == _fingerprint(source)
    finally:
        with psycopg.connect(_postgres_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
