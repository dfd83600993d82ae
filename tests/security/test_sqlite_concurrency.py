"""Concurrent writes on SQLite, the default database: two saves of the same figure at once store one and refuse
the other clearly (duplicate or stale); neither is answered "database is locked" (a 503, what was typed lost).

The test database on SQLite lives in memory, where connections share one cache and never wait on each other's
file locks; so it is copied into a file (once, then a fresh copy for each test), and the threads open that file,
each with its own connection made from the project's settings (the OPTIONS that decide whether a writer waits)."""
import datetime
import shutil
import sqlite3
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from coverage.entry import services as grid
from coverage.models import CoverageSnapshot, Regency
from coverage.snapshots import services
from tests.factories import ProvinceFactory, RegencyFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking (PostgreSQL: test_concurrency)"),
]

AS_OF = datetime.date(2025, 4, 30)
ROUNDS = 5  # a round that happens not to overlap proves nothing, so each test races several times


@pytest.fixture(scope="module")
def migrated_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database (migrated, empty) copied into a file, before any test opens its transaction."""
    path = tmp_path_factory.mktemp("sqlite") / "migrated.sqlite3"
    with django_db_blocker.unblock(), sqlite3.connect(path) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    copy.close()
    return path


@pytest.fixture
def file_database(migrated_file, tmp_path):
    """Returns a function that runs `work(index)` in threads released together, on a fresh copy of the migrated
    file, each thread with its own connection; it gives each thread's result, or the exception it raised."""
    path = shutil.copy(migrated_file, tmp_path / "race.sqlite3")
    settings_dict = {**connection.settings_dict, "NAME": str(path)}
    wrapper = type(connections["default"])

    def run_on_file(work, count=1):
        barrier = threading.Barrier(count)
        results = [None] * count

        def run(index):
            connections["default"] = wrapper(settings_dict, "default")  # this thread's connection
            try:
                barrier.wait(timeout=30)
                results[index] = work(index)
            except Exception as error:  # the refusals are what is being tested
                results[index] = error
            finally:
                connections["default"].close()

        threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads), "a thread hung"
        return results

    return run_on_file


@pytest.fixture
def place(file_database):
    """Kabupaten Badung and an administrator (who may enter everywhere), stored in the file database."""
    def make(_index):
        bali = ProvinceFactory(code="51", name="Bali")
        return RegencyFactory(code="51.03", name="Kabupaten Badung", province=bali).pk, UserFactory(
            username="admin_race", is_staff=True, is_superuser=True).pk

    [(regency_pk, user_pk)] = file_database(make)
    return regency_pk, user_pk


def loaded(regency_pk, user_pk):
    return Regency.objects.get(pk=regency_pk), get_user_model().objects.get(pk=user_pk)


def test_two_new_figures_at_once_store_one_and_refuse_the_other_as_a_duplicate(file_database, place):
    for round_ in range(ROUNDS):
        as_of = AS_OF - datetime.timedelta(days=round_)

        def record(index, as_of=as_of):
            regency, user = loaded(*place)
            return services.snapshot_record(regency=regency, as_of=as_of, participants=500 + index,
                                            working_population=1000, by=user, change_reason="entered",
                                            confirm_cut_off=True)  # each round a day earlier: not month-ends

        results = file_database(record, 2)
        assert sorted(type(result).__name__ for result in results) == ["CoverageSnapshot", "ValidationError"], results
        assert [error.code for error in results if isinstance(error, ValidationError)] == ["duplicate"]
    stored = file_database(lambda _index: CoverageSnapshot.objects.count())
    assert stored == [ROUNDS]


def test_two_corrections_at_once_store_one_and_refuse_the_other_as_stale(file_database, place):
    def enter(_index):
        regency, user = loaded(*place)
        return services.snapshot_record(regency=regency, as_of=AS_OF, participants=500, working_population=1000,
                                        by=user, change_reason="entered").pk

    [pk] = file_database(enter)
    for round_ in range(ROUNDS):
        def correct(index, version=round_ + 1):
            _regency, user = loaded(*place)
            mine = CoverageSnapshot.objects.select_related("regency").get(pk=pk)  # as each user opened it
            return services.snapshot_correct(snapshot=mine, changes={"participants": 600 + 10 * version + index},
                                             by=user, reason="correction", expected_version=version)

        results = file_database(correct, 2)
        assert sorted(type(result).__name__ for result in results) == ["CoverageSnapshot", "ValidationError"], results
        assert [error.code for error in results if isinstance(error, ValidationError)] == ["stale"]
    [version] = file_database(lambda _index: CoverageSnapshot.objects.get(pk=pk).version)
    assert version == ROUNDS + 1


def test_two_grid_saves_at_once_store_one_and_refuse_the_other(file_database, place):
    for round_ in range(ROUNDS):
        as_of = AS_OF - datetime.timedelta(days=round_)

        def save(index, as_of=as_of):
            regency, user = loaded(*place)
            row = grid.GridRow(regency=regency, participants=500 + index, working_population=1000)
            return grid.grid_save(as_of=as_of, rows=[row], by=user, reason="grid", confirm_cut_off=True)

        results = file_database(save, 2)
        assert sorted(type(result).__name__ for result in results) == ["GridResult", "GridRowErrors"], results
        [refused] = [result for result in results if isinstance(result, grid.GridRowErrors)]
        assert refused.rows[0].code == "duplicate"


def test_two_new_figures_through_the_form_answer_one_redirect_and_one_duplicate_message_never_503(
        file_database, place):
    for round_ in range(ROUNDS):
        form = {"regency": "51.03", "as_of": (AS_OF - datetime.timedelta(days=round_)).isoformat(),
                "participants": "510", "working_population": "1000", "source": "BPJS", "confirm_cut_off": "on"}

        def post(_index, form=form):
            client = Client(raise_request_exception=False)  # as in production: an error is a 5xx answer
            client.force_login(loaded(*place)[1])
            return client.post("/entry/new/", form, HTTP_ACCEPT_LANGUAGE="en")

        responses = file_database(post, 2)
        assert sorted(response.status_code for response in responses) == [200, 302], responses
        [refused] = [response for response in responses if response.status_code == 200]
        as_of = AS_OF - datetime.timedelta(days=round_)
        assert f"already has a snapshot as of {as_of.day} {as_of:%B %Y}" in refused.content.decode()
