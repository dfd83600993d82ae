"""Why a figure or a target changed, as its history keeps it: the app's own reasons as codes, in the reader's words.

A reason typed by a person (a correction's, a deletion's) is stored and shown as typed. A reason the app writes
itself is stored as a small JSON object, its key and its parameters (`{"reason": "imported", "name": "bali.csv"}`),
so that the same history row reads "Diimpor dari berkas “bali.csv”" to an Indonesian reader and "Imported from the
file “bali.csv”" to an English one, whoever stored it and in whichever language. This module is the one place that
maps the keys to their words; migration 0012 turned the texts stored before it into these codes.
"""
import json

from django.utils.translation import gettext_lazy as _

ENTERED_IN_FORM = "entered_in_form"
ENTERED_IN_GRID = "entered_in_grid"
IMPORTED = "imported"  # name: the file's name
IMPORTED_APPROVED = "imported_approved"  # name
APPROVED = "approved"
RETURNED = "returned"  # comment: the supervisor's
REOPENED = "reopened"  # comment
DEMO = "demo"
APPROVED_WHEN_REVIEW_BEGAN = "approved_when_review_began"

TEXTS = {
    ENTERED_IN_FORM: _("Entered in the form"),
    ENTERED_IN_GRID: _("Entered in the grid"),
    IMPORTED: _("Imported from the file “%(name)s”"),
    IMPORTED_APPROVED: _("Imported from the file “%(name)s”, approved on import"),
    APPROVED: _("Approved"),
    RETURNED: _("Returned: %(comment)s"),
    REOPENED: _("Reopened: %(comment)s"),
    DEMO: _("Demo data, stored when the demo was loaded"),
    APPROVED_WHEN_REVIEW_BEGAN: _("Approved when review began: figures stored before it are official"),
}

# A file's name is cut to this length in the reason, as it always was.
NAME_LENGTH = 150


def coded(key: str, **params: str) -> str:
    """One of the app's reasons as the history stores it: its key and its parameters."""
    if key not in TEXTS:
        raise ValueError(f"not a reason of the app: {key}")
    return json.dumps({"reason": key, **params}, ensure_ascii=False, sort_keys=True)


def imported(file_name: str, *, approved: bool = False) -> str:
    """The reason of every row stored from a file."""
    return coded(IMPORTED_APPROVED if approved else IMPORTED, name=file_name[:NAME_LENGTH])


def shown(stored: str | None) -> str:
    """A stored reason in the active language: the words of the app's code, or what a person typed, as typed."""
    if not stored or not stored.startswith("{"):
        return stored or ""
    try:
        params = json.loads(stored)
        return str(TEXTS[params.pop("reason")] % params)
    except (ValueError, TypeError, KeyError, AttributeError):  # a person's text that only looks like a code
        return stored
