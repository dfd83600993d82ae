"""The API counts the figures the pages count: `figures=all|approved`, `outlook=`, and approved figures only for
anonymous readers when PUBLIC_API is on."""
import datetime

import pytest
from django.test import Client

from coverage.models import CoverageSnapshot
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db
FEB, MARCH = datetime.date(2025, 2, 28), datetime.date(2025, 3, 31)


@pytest.fixture
def badung_figures(badung):
    SnapshotFactory(regency=badung, as_of=FEB, participants=400, working_population=1000,
                    status=CoverageSnapshot.Status.APPROVED)
    SnapshotFactory(regency=badung, as_of=MARCH, participants=450, working_population=1000)


def badung_row(client, **query):
    response = client.get("/api/v1/rankings/regencies/", {"as_of": "2025-03-31", "province": "51", **query})
    assert response.status_code == 200, response.content
    return {row["code"]: row for row in response.json()["results"]}["51.03"]


def test_figures_all_and_approved(api, badung_figures):
    assert (badung_row(api)["participants"], badung_row(api)["status"]) == (450, "submitted")
    assert (badung_row(api, figures="approved")["participants"],
            badung_row(api, figures="approved")["status"]) == (400, "approved")


def test_anonymous_readers_of_a_public_api_get_approved_figures_only(settings, badung_figures):
    settings.PUBLIC_API = True
    anonymous = Client()
    assert badung_row(anonymous)["participants"] == 400
    snapshots = anonymous.get("/api/v1/snapshots/", {"regency": "51.03"}).json()["results"]
    assert [row["status"] for row in snapshots] == ["approved"]


def test_the_outlook_filter_narrows_the_rows_and_a_bad_one_is_named(api, badung_figures):
    rows = api.get("/api/v1/rankings/regencies/", {"as_of": "2025-03-31", "outlook": "unknown"}).json()["results"]
    assert {row["outlook"] for row in rows} <= {"unknown"}
    response = api.get("/api/v1/rankings/regencies/", {"outlook": "sunny"})
    assert response.status_code == 400 and "outlook" in response.json()["errors"]
