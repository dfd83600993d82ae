"""The app's own history reasons: stored as codes, shown in the reader's language; a person's reason as typed."""
import importlib

import pytest
from django.apps import apps
from django.utils import translation

from coverage import reasons
from tests.factories import SnapshotFactory, TargetFactory

migration = importlib.import_module("coverage.migrations.0014_reasons_as_codes")


@pytest.mark.parametrize(("language", "words"), [
    ("id", "Diimpor dari berkas “bali.csv”, disetujui saat impor"),
    ("en", "Imported from the file “bali.csv”, approved on import"),
])
def test_a_code_reads_in_the_readers_language(language, words):
    stored = reasons.imported("bali.csv", approved=True)
    with translation.override(language):
        assert reasons.shown(stored) == words


@pytest.mark.parametrize("typed", ["Angka BPJS cabang diperbarui", '{"reason": "typed by hand"}', "{oops", ""])
def test_a_persons_reason_is_shown_as_typed(typed):
    assert reasons.shown(typed) == typed


def test_an_unknown_key_cannot_be_stored():
    with pytest.raises(ValueError):
        reasons.coded("typed_somewhere")


@pytest.mark.django_db
@pytest.mark.parametrize(("stored", "code"), [
    ("Diisi melalui formulir", reasons.coded(reasons.ENTERED_IN_FORM)),
    ("Entered in the grid", reasons.coded(reasons.ENTERED_IN_GRID)),
    ("Diimpor dari berkas “maret.csv”", reasons.imported("maret.csv")),
    ("Imported from the file “a, b.xlsx”, approved on import", reasons.imported("a, b.xlsx", approved=True)),
    ("Disetujui", reasons.coded(reasons.APPROVED)),
    ("Returned: Two digits: swapped", reasons.coded(reasons.RETURNED, comment="Two digits: swapped")),
    ("Dibuka kembali: BPS merevisi", reasons.coded(reasons.REOPENED, comment="BPS merevisi")),
    ("load_demo", reasons.coded(reasons.DEMO)),
    ("Approved when review began: figures stored before it are official",
     reasons.coded(reasons.APPROVED_WHEN_REVIEW_BEGAN)),
    ("Approved by the head of office", "Approved by the head of office"),  # typed by a person
])
def test_the_migration_turns_the_stored_words_of_either_language_into_codes(stored, code):
    snapshot = SnapshotFactory()
    snapshot.history.update(history_change_reason=stored)
    migration.to_codes(apps, None)
    assert snapshot.history.get().history_change_reason == code


@pytest.mark.django_db
def test_the_migration_converts_targets_and_undoes_to_english_words():
    target = TargetFactory()
    target.history.update(history_change_reason="Diimpor dari berkas “t.csv”")
    migration.to_codes(apps, None)
    assert target.history.get().history_change_reason == reasons.imported("t.csv")
    migration.to_words(apps, None)
    assert target.history.get().history_change_reason == "Imported from the file “t.csv”"
