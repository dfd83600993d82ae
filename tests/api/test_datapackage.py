"""The data package: downloaded with its CSV resources through the API, it validates with `frictionless`."""
import csv
import json
from decimal import Decimal

import pytest
from frictionless import Package, validate

from coverage.history.selectors import HISTORY_COLUMNS
from tests.factories import SnapshotFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def csv_cell_limit_kept():
    """frictionless raises the process-wide csv.field_size_limit when it reads a CSV; the app's own reading
    (imports/reading.py) counts on Python's default to refuse absurd cells, so the tests after these need it back."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


@pytest.fixture
def downloaded(api, bali_published, badung, lombok_barat, tmp_path):
    """datapackage.json and its resources in a folder, each resource's URL replaced by its file's name."""
    SnapshotFactory(regency=lombok_barat, as_of="2025-03-31", participants=600, working_population=1000, pu=300,
                    bpu=200, jakon=50, pmi=50, source="=BPJS; Kantor Cabang Mataram")
    TargetFactory(province=None, regency=badung, year=2025, percent=Decimal("70.00"), note="own target")
    response = api.get("/api/v1/datapackage.json")
    assert response.status_code == 200
    descriptor = response.json()
    for resource in descriptor["resources"]:
        assert resource["path"].startswith("http://testserver/api/v1/")
        download = api.get(resource["path"].removeprefix("http://testserver"))
        assert download.status_code == 200 and download["Content-Type"] == "text/csv; charset=utf-8"
        (tmp_path / f"{resource['name']}.csv").write_bytes(b"".join(download.streaming_content))
        resource["path"] = f"{resource['name']}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    return tmp_path / "datapackage.json", descriptor


def test_the_package_and_its_resources_validate_with_frictionless(downloaded):
    path, _descriptor = downloaded
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_foreign_keys_are_checked_too(downloaded):
    path, _descriptor = downloaded
    history = path.parent / "history.csv"
    history.write_text(history.read_text() + "99.99,Nowhere,Nowhere,2025-03-31,1,2,50.00,,,,,\r\n")
    report = validate(str(path))
    assert not report.valid
    assert ["foreign-key"] in report.flatten(["type"])


def test_the_resources_are_the_exports_with_keys_and_types(downloaded):
    _path, descriptor = downloaded
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert list(resources) == ["provinces", "regencies", "history", "targets"]
    history = resources["history"]["schema"]
    assert [field["name"] for field in history["fields"]] == list(HISTORY_COLUMNS)
    types = {field["name"]: field["type"] for field in history["fields"]}
    assert (types["participants"], types["coverage_pct"], types["as_of"], types["source"]) == (
        "integer", "number", "date", "string")
    assert history["primaryKey"] == ["code", "as_of"] and history["missingValues"] == [""]
    assert history["foreignKeys"] == [{"fields": ["code"], "reference": {"resource": "regencies", "fields": ["code"]}}]
    assert resources["regencies"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "provinces"
    assert resources["targets"]["schema"]["primaryKey"] == ["code", "year", "source"]


def test_the_licence_is_the_settings(api, bali_published, settings):
    settings.OPEN_DATA_LICENSE = {"name": "ODC-BY-1.0", "path": "https://opendatacommons.org/licenses/by/",
                                  "title": "Open Data Commons Attribution License"}
    assert api.get("/api/v1/datapackage.json").json()["licenses"] == [settings.OPEN_DATA_LICENSE]


def test_the_package_reads_with_frictionless(downloaded):
    path, _descriptor = downloaded
    package = Package(str(path))
    bali = next(row for row in package.get_resource("provinces").read_rows() if row["code"] == "51")
    assert bali["regencies_total"] == 9
    march = [row for row in package.get_resource("history").read_rows() if str(row["as_of"]) == "2025-03-31"]
    assert sum(row["participants"] for row in march if row["code"].startswith("51.")) == 935079
