"""A user's own settings, kept with who changed them last being the user themselves."""
from django.db import transaction

from coverage.models import Preferences


def preferences_of(user) -> Preferences:
    """The user's settings, or the defaults (Indonesian, reminders on) for someone who never set them (unsaved)."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


@transaction.atomic
def preferences_save(*, user, language: str, reminders: bool) -> Preferences:
    preferences, _created = Preferences.objects.update_or_create(
        user=user, defaults={"language": language, "reminders": reminders})
    return preferences
