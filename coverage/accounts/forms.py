"""The account page's forms."""
from django import forms

from coverage.models import ApiToken, Preferences


class ApiTokenForm(forms.ModelForm):
    """A new API token: only its name is chosen; the token itself is made by the service."""

    class Meta:
        model = ApiToken
        fields = ["name"]


class PreferencesForm(forms.ModelForm):
    """The user's own settings: the language of the pages and emails, and whether reminders come."""

    class Meta:
        model = Preferences
        fields = ["language", "reminders"]
