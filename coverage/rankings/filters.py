"""The officials' parameters (`province`, `as_of`, `source`, `figures`, `outlook`): checked, each bad one replaced
by its default."""
import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coverage.models import Province, Target
from coverage.outlook.statuses import Outlook
from coverage.snapshots import rules
from coverage.snapshots.selectors import Figures
from coverage.web import parameters


class RankingFilterForm(forms.Form):
    """`/rankings/` [province, as_of, source, figures, outlook], `/rankings/provinces/` [as_of, source, figures,
    outlook] and the other officials' pages [as_of, source, figures]."""

    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("code"), to_field_name="code", required=False,
        empty_label=_("All provinces"),
        error_messages={
            "invalid_choice": _("There is no province with the code “%(value)s”; all provinces are shown."),
        },
    )
    as_of = forms.DateField(
        label=_("As of"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("The date must be written as YYYY-MM-DD, e.g. 2025-03-31; today is used.")},
    )
    source = forms.ChoiceField(
        label=_("Target source"), choices=Target.Source.choices, required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a target source; Kemendagri is used.")},
    )
    figures = forms.ChoiceField(
        label=_("Figures"), choices=Figures.choices, required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a choice of figures; all figures are shown.")},
    )
    outlook = forms.ChoiceField(
        label=_("Outlook"), choices=[("", _("All outlooks")), *Outlook.choices], required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not an outlook; every outlook is shown.")},
    )

    def __init__(self, *args, with_province=True, with_outlook=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_province:
            del self.fields["province"]
        if not with_outlook:
            del self.fields["outlook"]

    # The same dates as a figure may carry (snapshots/rules.py), in words that say what the page does instead.
    REFUSED_DATES = {
        "future_date": _("The date cannot be in the future; today is used."),
        "snapshot_not_before_2014": _("There are no figures before 1 January 2014; today is used."),
    }

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of:
            try:
                rules.validate_cut_off(as_of)
            except ValidationError as error:
                code = error.error_list[0].code
                raise ValidationError(self.REFUSED_DATES[code], code=code) from None
        return as_of


@dataclass(frozen=True)
class RankingFilter:
    """What a ranking page shows: the values it was asked for, or the defaults where they were bad."""

    as_of: datetime.date
    source: str
    province: Province | None
    figures: str
    outlook: str | None
    form: RankingFilterForm
    valid: bool

    @property
    def source_label(self) -> str:
        return Target.Source(self.source).label


def ranking_filter(request, *, with_province=True, with_outlook=False) -> RankingFilter:
    """Read the ranking parameters from `request.GET`; each bad one becomes a page message and its default."""
    bound = RankingFilterForm(request.GET, with_province=with_province, with_outlook=with_outlook)
    bound.is_valid()
    parameters.warn_bad_parameters(request, bound)
    values = {
        "as_of": bound.cleaned_data.get("as_of") or timezone.localdate(),
        "source": bound.cleaned_data.get("source") or Target.Source.KEMENDAGRI,
        "province": bound.cleaned_data.get("province"),
        "figures": bound.cleaned_data.get("figures") or Figures.ALL,
        "outlook": bound.cleaned_data.get("outlook") or None,
    }
    # The form shows what the page shows, not the rejected input.
    form = RankingFilterForm(
        initial={**values, "province": values["province"] and values["province"].code},
        with_province=with_province, with_outlook=with_outlook,
    )
    return RankingFilter(**values, form=form, valid=not bound.errors)
