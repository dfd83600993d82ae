"""Fixtures of the API tests: tokens for each role, clients that send them, and Bali's published figures."""
import pytest
from django.test import Client

from coverage.api.services import api_token_create
from tests.rankings.conftest import bali_published  # noqa: F401 (a fixture, shared with the ranking tests)

MARCH = "2025-03-31"


def token_for(user) -> str:
    return api_token_create(user=user, name="test", created_by=user)[1]


def token_client(user) -> Client:
    """A client of its own (no session) that sends a new token of `user`."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")


@pytest.fixture
def api(pejabat):
    """An official's token."""
    return token_client(pejabat)


@pytest.fixture
def official_client(client, pejabat):
    """An official signed in, for the pages."""
    client.force_login(pejabat)
    return client


@pytest.fixture
def english(api):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api
