"""Arbitrary text and numbers thrown at /entry/new/: never a server error, never an invalid stored row."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coverage.models import CoverageSnapshot
from tests.entry.conftest import client_for

pytestmark = pytest.mark.django_db

numbers = st.one_of(
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}".replace(",", ".")),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
    st.just(""),
)
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), st.text(max_size=12))
form = st.fixed_dictionaries({
    "regency": st.sampled_from(["51.03", "51.06", "52.01", "", "51.03 ", "x"]),
    "as_of": dates,
    "participants": numbers,
    "working_population": numbers,
    "pu": numbers,
    "bpu": numbers,
    "source": st.text(max_size=250),
    "note": st.text(max_size=100),
    "confirm_implausible": st.sampled_from(["", "on"]),
})


def test_entry_form_never_fails_and_never_stores_an_invalid_row(petugas, badung, bangli, lombok_barat):
    client = client_for(petugas)  # one signed-in client for all examples keeps the test fast

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=form)
    def post(data):
        response = client.post("/entry/new/", data)
        assert response.status_code in (200, 302)
        for snapshot in CoverageSnapshot.objects.select_related("regency__province"):
            snapshot.full_clean()  # the model's rules and constraints hold for every stored row
            assert snapshot.regency.province.code == "51"

    post()
