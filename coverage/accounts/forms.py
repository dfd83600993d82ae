"""The account page's forms."""
from django import forms

from coverage.models import ApiToken


class ApiTokenForm(forms.ModelForm):
    """A new API token: only its name is chosen; the token itself is made by the service."""

    class Meta:
        model = ApiToken
        fields = ["name"]
