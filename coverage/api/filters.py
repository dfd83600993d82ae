"""Each list's parameters, checked by the pages' own forms and filters (rankings/filters.py, history/filters.py)."""
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coverage.api.parameters import checked
from coverage.history.filters import SnapshotHistoryFilter
from coverage.history.selectors import history_snapshots
from coverage.models import FIRST_CUT_OFF, Target
from coverage.rankings.filters import RankingFilterForm
from coverage.snapshots.selectors import Figures, counted

_PROVINCE = RankingFilterForm.base_fields["province"]
_SOURCE = RankingFilterForm.base_fields["source"]
# The years a target may have (Target.year's validators).
FIRST_YEAR, LAST_YEAR = FIRST_CUT_OFF.year, 2100
_YEAR_ERROR = format_lazy(_("The year must be a number from {first} to {last}."), first=FIRST_YEAR, last=LAST_YEAR)


class RegencyFilterForm(forms.Form):
    """`/api/v1/regencies/` [province]."""

    province = _PROVINCE


class TargetFilterForm(forms.Form):
    """`/api/v1/targets/` [year, source, province]: a province's filter also gives its regencies' own targets."""

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
        error_messages={"invalid": _YEAR_ERROR, "min_value": _YEAR_ERROR, "max_value": _YEAR_ERROR},
    )
    source = _SOURCE
    province = _PROVINCE


def regency_arguments(request) -> dict:
    """The regency selector's arguments: `province`, or None for all."""
    return checked(RegencyFilterForm(request.GET))


def target_arguments(request) -> dict:
    """The target selector's arguments: `year`, `source`, `province`, each None (or "") for all."""
    return checked(TargetFilterForm(request.GET))


def counted_for(request, asked: str | None) -> str:
    """The figures a reader may count: signed out (PUBLIC_API), approved ones only; else as asked (all by default)."""
    if not request.user.is_authenticated:
        return Figures.APPROVED
    return asked or Figures.ALL


def ranking_arguments(request, *, with_province: bool) -> dict:
    """The ranking selectors' arguments from `as_of`, `source`, `figures` (and `province`), with the pages'
    defaults, and the `outlook` the rows are narrowed to (None: every outlook)."""
    values = checked(RankingFilterForm(request.GET, with_province=with_province, with_outlook=True))
    arguments = {
        "as_of": values["as_of"] or timezone.localdate(), "source": values["source"] or Target.Source.KEMENDAGRI,
        "figures": counted_for(request, values["figures"]), "outlook": values["outlook"] or None,
    }
    if with_province:
        arguments["province"] = values["province"]
    return arguments


def filtered_snapshots(request):
    """The snapshots that `/history/` would list for the same parameters."""
    chosen = SnapshotHistoryFilter(request.GET, queryset=history_snapshots())
    values = checked(chosen.form)
    return chosen.qs.filter(counted(counted_for(request, values.get("figures"))))
