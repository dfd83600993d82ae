"""The demo banner: on every page while demo data is stored, in the page's language, at no query's cost."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coverage.demo import PUBLISHED_AS_OF
from coverage.demo.figures import DEMO_SOURCE_PUBLISHED_TOTAL
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db

INDONESIAN = "Data demo: angka selain angka Bali per 31 Maret 2025 adalah rekaan."
ENGLISH = "Demo data: every figure except Bali's as of 31 March 2025 is made up."


@pytest.fixture
def demo_row(badung):
    return SnapshotFactory(regency=badung, as_of=PUBLISHED_AS_OF, source=DEMO_SOURCE_PUBLISHED_TOTAL)


@pytest.mark.parametrize("path", ["/", "/rankings/", "/history/", "/regencies/51.03/", "/admin/"])
def test_every_page_says_that_the_demo_is_made_up(client, administrator, demo_row, path):
    client.force_login(administrator)
    assert INDONESIAN in client.get(path).content.decode()


def test_the_banner_speaks_the_page_language(client, pejabat, demo_row):
    client.force_login(pejabat)
    client.cookies["django_language"] = "en"
    assert ENGLISH in client.get("/").content.decode()


def test_the_sign_in_page_has_it_too(client, demo_row):
    assert INDONESIAN in client.get("/accounts/login/").content.decode()


def test_no_banner_without_demo_data(client, pejabat, badung):
    SnapshotFactory(regency=badung, as_of=PUBLISHED_AS_OF, source="BPJamsostek Kanwil Banuspa")
    client.force_login(pejabat)
    assert "demo-banner" not in client.get("/").content.decode()
    client.logout()
    assert "demo-banner" not in client.get("/accounts/login/").content.decode()


def test_signed_in_pages_pay_no_query_for_it(client, pejabat, demo_row):
    """Decided when signing in; the session carries it (a page's query count stays what it was)."""
    client.force_login(pejabat)
    with CaptureQueriesContext(connection) as queries:
        client.get("/history/")
    assert not [query for query in queries.captured_queries if "Data demo" in str(query["sql"])]
    assert "demo-banner" in client.get("/history/").content.decode()
