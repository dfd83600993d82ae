"""/accounts/profile/: a user sets the language of their pages and emails, and switches reminders off."""
import pytest
from django.urls import reverse

from coverage.models import Preferences

pytestmark = pytest.mark.django_db
URL = reverse("profile")


def test_the_page_shows_the_defaults_to_someone_who_never_set_them(client, petugas):
    client.force_login(petugas)
    form = client.get(URL).context["preferences_form"]
    assert (form["language"].value(), form["reminders"].value()) == ("id", True)
    assert not Preferences.objects.exists()


def test_saving_stores_the_settings_and_the_pages_follow_the_language(client, petugas):
    client.force_login(petugas)
    response = client.post(URL, {"language": "en"})  # the box unticked: no reminders
    assert response.status_code == 302
    stored = Preferences.objects.get(user=petugas)
    assert (stored.language, stored.reminders) == ("en", False)
    assert response.cookies["django_language"].value == "en"
    assert "Your settings are saved." in client.get(URL).content.decode()


def test_a_bad_language_is_refused_and_nothing_is_stored(client, petugas):
    client.force_login(petugas)
    response = client.post(URL, {"language": "fr", "reminders": "on"})
    assert response.status_code == 400
    assert not Preferences.objects.exists()
