"""Model validation (used by every form and import) speaks for the rules and the constraints."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from coverage.models import CoverageSnapshot

pytestmark = pytest.mark.django_db


def errors_of(snapshot) -> dict:
    with override("en"):
        with pytest.raises(ValidationError) as caught:
            snapshot.full_clean()
        return caught.value.message_dict


def test_future_date_is_refused(badung):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    snapshot = CoverageSnapshot(regency=badung, as_of=tomorrow, participants=1, working_population=2)
    assert errors_of(snapshot) == {"as_of": ["The date cannot be in the future."]}


def test_partial_breakdown_above_participants_is_refused(badung):
    snapshot = CoverageSnapshot(
        regency=badung, as_of=datetime.date(2025, 3, 31), participants=100, working_population=200, pu=80, bpu=30
    )
    assert errors_of(snapshot) == {"participants": ["PU, BPU, Jakon and PMI together cannot exceed the participants."]}


def test_constraint_messages_reach_validation(badung):
    snapshot = CoverageSnapshot(regency=badung, as_of=datetime.date(2025, 3, 31), participants=3, working_population=2)
    assert errors_of(snapshot) == {"__all__": ["Participants cannot exceed the working population."]}


def test_indonesian_message_for_a_duplicate(badung):
    CoverageSnapshot.objects.create(regency=badung, as_of=datetime.date(2025, 3, 31), participants=1,
                                    working_population=2)
    duplicate = CoverageSnapshot(regency=badung, as_of=datetime.date(2025, 3, 31), participants=1,
                                 working_population=2)
    with override("id"):
        with pytest.raises(ValidationError) as caught:
            duplicate.full_clean()
        assert caught.value.messages == ["Kabupaten/kota ini sudah memiliki data untuk tanggal ini."]
