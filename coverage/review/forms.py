"""The review page's forms: which province and cut-off it shows (GET), and what a supervisor does (POST)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coverage.models import Province
from coverage.places import access
from coverage.review.services import Reviewed
from coverage.snapshots.fields import CutOffField


class ReviewChoiceForm(forms.Form):
    """Which of the supervisor's provinces, and which cut-off, the page shows (GET parameters)."""

    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), to_field_name="code",
        error_messages={"invalid_choice": _("You do not review any regency of this province.")},
    )
    as_of = CutOffField(label=_("As of"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.filter(
            regencies__in=access.reviewable_regencies(user)).distinct().order_by("code")


class ReviewedField(forms.Field):
    """Figures as `<pk>:<version>`, one value per figure (a repeated `snapshot` parameter)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("“%(value)s” does not name a figure of this page: reload it."),
        "required": _("Choose the figures to review."),
    }

    def to_python(self, value) -> list[Reviewed]:
        reviewed = []
        for item in value or []:
            pk, _colon, version = str(item).partition(":")
            if not (pk.isascii() and pk.isdigit() and version.isascii() and version.isdigit()
                    and len(pk) < 10 and len(version) < 10):
                raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": str(item)[:30]})
            reviewed.append(Reviewed(pk=int(pk), version=int(version)))
        return reviewed


class ReviewActionForm(forms.Form):
    APPROVE, RETURN, REOPEN = "approve", "return", "reopen"

    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (RETURN, _("Return")), (REOPEN, _("Reopen"))])
    snapshot = ReviewedField()
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in (self.RETURN, self.REOPEN) and len(cleaned.get("snapshot") or []) != 1:
            raise ValidationError(_("Return or reopen one figure at a time."), code="one_at_a_time")
        return cleaned
