"""Fixtures of the security tests: django-axes switched on, and a signed-in client."""
import pytest


@pytest.fixture
def axes_on(settings):
    """django-axes as in production (the test settings switch it off: `client.login` passes no request)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return settings


@pytest.fixture
def signed_in(client, petugas):
    client.force_login(petugas)
    return client
