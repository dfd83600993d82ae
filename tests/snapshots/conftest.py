"""The services' messages are asserted in English."""
import pytest
from django.utils.translation import override


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield
