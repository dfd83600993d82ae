"""A refused Store shows the same verdicts as the preview, with its choices, and stores nothing."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coverage.models import CoverageSnapshot
from tests.factories import SnapshotFactory
from tests.imports.files import HEADER, csv_file

pytestmark = pytest.mark.django_db

ROWS = [
    ["51.03", "2025-03-31", "500", "1000", "", "", "", ""],  # valid
    ["51.06", "2025-03-31", "1500", "1000", "", "", "", ""],  # participants above the working population
    ["51.03", "2025-01-31", "10", "100", "5", "1", "1", "1"],  # segments that do not add up
    ["51.03", "2013-12-31", "10", "100", "", "", "", ""],  # before 2014
]


@pytest.fixture
def bangli_february(bangli):
    """Bangli's previous figure, so that the refused row also moved too far (it asks for a confirmation)."""
    return SnapshotFactory(regency=bangli, as_of=datetime.date(2025, 2, 28), participants=500, working_population=1000)


def verdicts(response) -> tuple:
    counts = response.context["counts"]
    return counts["create"], counts["refused"]


@pytest.mark.parametrize("place", ["upload", "admin"])
def test_a_refused_store_shows_the_previews_verdicts_and_choices(client, petugas, administrator, badung,
                                                                 bangli_february, place):
    user, url = {"upload": (petugas, reverse("entry_upload")),
                 "admin": (administrator, reverse("admin:coverage_coveragesnapshot_import"))}[place]
    client.force_login(user)
    file = csv_file(ROWS, header=HEADER[:8])
    preview = client.post(url, {"file": SimpleUploadedFile("maret.csv", file.getvalue())},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert verdicts(preview) == (1, 3)
    stored_before = CoverageSnapshot.objects.count()

    refused = client.post(url, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 200
    assert verdicts(refused) == (1, 3)
    body = refused.content.decode()
    assert "3 rows were refused; nothing was stored." in body
    assert 'name="only_valid"' in body
    assert CoverageSnapshot.objects.count() == stored_before
    again = client.post(url, {"confirm": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert verdicts(again) == (1, 3)
    assert CoverageSnapshot.objects.count() == stored_before


def test_the_same_verdicts_in_indonesian(client, petugas, badung, bangli_february):
    client.force_login(petugas)
    url = reverse("entry_upload")
    file = csv_file(ROWS, header=HEADER[:8])
    preview = client.post(url, {"file": SimpleUploadedFile("maret.csv", file.getvalue())})
    refused = client.post(url, {"confirm": "1"})
    assert [line.errors for line in preview.context["shown"]] == [line.errors for line in refused.context["shown"]]
    assert "3 baris ditolak" in refused.content.decode()
