"""Concurrent writes on PostgreSQL: twenty identical submissions store one snapshot and refuse the others with the
duplicate message; two corrections from the same version store one and refuse the other as stale."""
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from coverage.models import CoverageSnapshot
from coverage.snapshots import services

pytestmark = [
    # Committed rows, so that the threads' own connections see them. The writer is an administrator (who may
    # enter everywhere): the role groups of migration 0002 are gone once another transactional test flushed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every write, so nothing races"),
]

SUBMISSIONS = 20
AS_OF = datetime.date(2025, 4, 30)


def race(work, count):
    """Run `work(index)` in `count` threads released together; each thread has its own database connection,
    closed at its end. Returns each thread's result, or the exception it raised."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # the refusals are what is being tested
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def test_twenty_identical_submissions_through_the_service_store_one_snapshot(badung, administrator):
    results = race(lambda _index: services.snapshot_record(
        regency=badung, as_of=AS_OF, participants=510, working_population=1000, source="BPJS", by=administrator,
        change_reason="entered"), SUBMISSIONS)

    stored = [result for result in results if isinstance(result, CoverageSnapshot)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(stored) == 1 and len(refused) == SUBMISSIONS - 1, results
    assert {error.code for error in refused} == {"duplicate"}
    snapshot = CoverageSnapshot.objects.get(regency=badung, as_of=AS_OF)
    assert snapshot.pk == stored[0].pk and snapshot.participants == 510
    assert all(error.params["pk"] == snapshot.pk for error in refused)  # the page links to it
    assert snapshot.history.count() == 1


def test_twenty_identical_submissions_through_the_form_store_one_snapshot_and_show_the_duplicate_message(
        badung, administrator):
    clients = [Client() for _ in range(SUBMISSIONS)]
    for client in clients:
        client.force_login(administrator)
    form = {"regency": "51.03", "as_of": AS_OF.isoformat(), "participants": "510", "working_population": "1000",
            "source": "BPJS"}

    responses = race(lambda index: clients[index].post("/entry/new/", form, HTTP_ACCEPT_LANGUAGE="en"), SUBMISSIONS)

    assert not [r for r in responses if not hasattr(r, "status_code")], responses  # no exception in a view
    assert sorted(r.status_code for r in responses) == [200] * (SUBMISSIONS - 1) + [302]
    snapshot = CoverageSnapshot.objects.get(regency=badung, as_of=AS_OF)
    for response in responses:
        if response.status_code == 200:
            assert "already has a snapshot as of 30 April 2025" in response.content.decode()
            assert f"/entry/{snapshot.pk}/edit/" in response.content.decode()
    assert CoverageSnapshot.objects.filter(regency=badung).count() == 1
    assert snapshot.history.count() == 1


def test_two_corrections_from_the_same_version_store_one_and_refuse_the_other_as_stale(badung, administrator):
    snapshot = services.snapshot_record(regency=badung, as_of=AS_OF, participants=500, working_population=1000,
                                        by=administrator, change_reason="entered")
    proposals = [510, 520]

    def correct(index):
        mine = CoverageSnapshot.objects.select_related("regency").get(pk=snapshot.pk)  # as each user opened it
        return services.snapshot_correct(snapshot=mine, changes={"participants": proposals[index]}, by=administrator,
                                         reason=f"correction {index}", expected_version=1)

    results = race(correct, 2)

    stored = [result for result in results if isinstance(result, CoverageSnapshot)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(stored) == 1 and len(refused) == 1, results
    assert refused[0].code == "stale"
    current = CoverageSnapshot.objects.get(pk=snapshot.pk)
    assert current.version == 2 and current.participants == stored[0].participants
    # Every stored change is in the history, newest first: the correction that won, then the first entry.
    history = list(current.history.order_by("-history_id").values_list("participants", "version",
                                                                       "history_change_reason"))
    winner = proposals.index(stored[0].participants)
    assert history == [(proposals[winner], 2, f"correction {winner}"), (500, 1, "entered")]


def test_two_writers_crossing_rows_queue_on_the_data_version_rather_than_deadlock(badung, bangli):
    """The data version's trigger runs before each statement (migration 0012): a writer waiting for the version row
    holds no row yet, so one that writes Badung then Bangli and one that writes Bangli meanwhile queue, one after
    the other. Bumped after the statement, the second would hold Bangli while waiting: a deadlock."""
    import time

    from django.db import transaction

    from coverage.models import DataVersion
    from tests.factories import SnapshotFactory

    DataVersion.objects.get_or_create(pk=1)  # committed: the threads' connections see it
    first, second = (SnapshotFactory(regency=regency, as_of=AS_OF) for regency in (badung, bangli))
    first_has_written = threading.Event()

    def write(index):
        if index == 0:
            with transaction.atomic():
                CoverageSnapshot.objects.filter(pk=first.pk).update(participants=601)
                first_has_written.set()
                time.sleep(0.5)  # the other writer starts meanwhile
                CoverageSnapshot.objects.filter(pk=second.pk).update(participants=602)
        else:
            first_has_written.wait(timeout=30)
            with transaction.atomic():
                CoverageSnapshot.objects.filter(pk=second.pk).update(participants=702)
        return "stored"

    assert race(write, 2) == ["stored", "stored"]
    assert CoverageSnapshot.objects.get(pk=first.pk).participants == 601
    assert CoverageSnapshot.objects.get(pk=second.pk).participants == 702  # the second writer came last
