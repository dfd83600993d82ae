"""Bad parameters: 400 with the reason for each, in the request's language; unknown codes 404; never a server error."""
import pytest

from tests.api.conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("url", "query", "errors"), [
    ("/api/v1/rankings/regencies/", {"province": "99", "as_of": "31-03-2025"}, {
        "province": ["There is no province with the code “99”."],
        "as_of": ["The date must be written as YYYY-MM-DD, e.g. 2025-03-31."],
    }),
    ("/api/v1/rankings/provinces/", {"as_of": "2099-01-31", "source": "bps"}, {
        "as_of": ["The date cannot be in the future."], "source": ["“bps” is not a target source."],
    }),
    ("/api/v1/rankings/provinces/", {"as_of": "2013-12-31"}, {
        "as_of": ["There are no figures before 1 January 2014."],
    }),
    ("/api/v1/snapshots/", {"regency": "51.99", "as_of_after": "March", "coverage_min": "101"}, {
        "regency": ["There is no regency with the code or name “51.99”."],
        "as_of_after": ["“From” must be a date written as YYYY-MM-DD."],
        "coverage_min": ["“Coverage from” must be a percentage from 0 to 100."],
    }),
    ("/api/v1/snapshots.csv", {"as_of_before": "soon"}, {
        "as_of_before": ["“To” must be a date written as YYYY-MM-DD."],
    }),
    ("/api/v1/regencies/", {"province": "5"}, {"province": ["There is no province with the code “5”."]}),
    ("/api/v1/targets/", {"year": "2013"}, {"year": ["The year must be a number from 2014 to 2100."]}),
    ("/api/v1/targets.csv", {"year": "next"}, {"year": ["The year must be a number from 2014 to 2100."]}),
    ("/api/v1/provinces/", {"per_page": "1001"}, {"per_page": ["Rows per page must be a number from 1 to 1000."]}),
    ("/api/v1/provinces/", {"page": "0"}, {"page": ["A page is a number from 1 to 1."]}),
])
def test_a_bad_parameter_is_answered_400_with_the_reason(english, bali_published, url, query, errors):
    response = english.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": errors}


def test_the_reasons_are_in_indonesian_by_default(api, bali_published):
    response = api.get("/api/v1/rankings/regencies/", {"province": "99", "as_of": "kemarin", "source": "x"})
    assert response.json() == {"errors": {
        "province": ["Tidak ada provinsi dengan kode “99”."],
        "as_of": ["Tanggal harus ditulis YYYY-MM-DD, misalnya 2025-03-31."],
        "source": ["“x” bukan sumber target."],
    }}
    response = api.get("/api/v1/provinces/", {"per_page": "0"})
    assert response.json() == {"errors": {"per_page": ["Baris per halaman harus angka dari 1 sampai 1000."]}}


def test_a_csv_download_refuses_in_json_whatever_is_accepted(api, bali_published):
    response = api.get("/api/v1/snapshots.csv", {"regency": "99.99"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400 and "regency" in response.json()["errors"]


@pytest.mark.parametrize("url", ["/api/v1/provinces/99/", "/api/v1/provinces/51%00/", "/api/v1/regencies/51.99/",
                                 "/api/v1/regencies/51.0301/", "/api/v1/regencies/51/"])
def test_an_unknown_code_is_404(english, bali_published, url):
    response = english.get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No ")


def test_a_page_past_the_end_is_404(english, bali_published):
    response = english.get("/api/v1/regencies/", {"page": "3", "per_page": "5"})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 3: the last one is 2."}


@pytest.mark.parametrize("query", [{"per_page": "²"}, {"page": "9" * 40}, {"province": "51\x00"},
                                   {"as_of": "2025-02-30"}, {"regency": "x" * 500}, {"source": "\x00"},
                                   {"after": "²"}, {"year": "1e3"}])
@pytest.mark.parametrize("url", ["/api/v1/snapshots/", "/api/v1/rankings/regencies/", "/api/v1/targets/",
                                 "/api/v1/regencies/"])
def test_odd_parameters_are_never_a_server_error(api, bali_published, url, query):
    assert api.get(url, query).status_code in (200, 400, 404)


def test_unknown_parameters_are_left_alone(api, bali_published):
    assert api.get("/api/v1/rankings/provinces/", {"as_of": MARCH, "colour": "red"}).status_code == 200
