"""Helpers of the entry page tests: signed-in clients (in English) and form data as the pages post it."""
import datetime

import pytest
from django.test import Client
from django.utils.html import escape

from tests.factories import SnapshotFactory

MARCH = datetime.date(2025, 3, 31)


def client_for(user=None, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def shown(response, message: str) -> bool:
    """Whether the page shows `message` (as the template escapes it)."""
    return escape(message) in response.content.decode()


def new_data(**overrides) -> dict:
    """A valid /entry/new/ POST for Kabupaten Badung as of 31 March 2025."""
    return {"regency": "51.03", "as_of": "2025-03-31", "participants": "167734", "working_population": "285846",
            "pu": "", "bpu": "", "jakon": "", "pmi": "", "source": "report", "note": ""} | overrides


def grid_data(response, rows: dict[str, dict] | None = None, source="") -> dict:
    """The grid page's form as shown in `response`, with the values of `rows` (by regency code) typed in."""
    formset = response.context["formset"]
    data = {f"{formset.prefix}-{key}": str(value) for key, value in formset.management_form.initial.items()}
    data["source"] = source
    for form in formset.forms:
        for name in form.fields:
            value = form.initial.get(name)
            if name != "confirm_implausible":
                data[form.add_prefix(name)] = "" if value is None else str(value)
        for name, value in (rows or {}).get(form.initial["regency"], {}).items():
            data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def february_badung(badung):
    """The figure before 31 March 2025: close enough that March's figures pass the plausibility check."""
    return SnapshotFactory(regency=badung, as_of=datetime.date(2025, 2, 28), participants=165_000,
                           working_population=285_846)
