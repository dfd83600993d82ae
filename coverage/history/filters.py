"""`/history/`'s filter: which snapshots the list and its export show."""
import operator
from functools import reduce

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coverage.models import CoverageSnapshot, Province, Regency
from coverage.snapshots.selectors import Figures, counted


class CoverageBoundFilter(django_filters.NumberFilter):
    """`coverage_min` / `coverage_max`: compared in the database with the counts, never with a stored %.

    The page shows coverage rounded half-up to hundredths (coverage/arithmetic.py), so a bound of m
    hundredths keeps exactly the rows whose shown figure is >= m (or <= m):
      round(10000 p / w) >= m  <=>  20000 p >= (2m - 1) w;   round(10000 p / w) <= m  <=>  20000 p < (2m + 1) w.
    Counts are cast to 64 bits so that the products cannot overflow PostgreSQL's integers.
    """

    field_class = forms.DecimalField

    def __init__(self, *, at_least, **kwargs):
        self.at_least = at_least
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        hundredths = int(value * 100)
        scaled = Cast("participants", models.BigIntegerField()) * 20_000
        population = Cast("working_population", models.BigIntegerField())
        name = "_coverage_low" if self.at_least else "_coverage_high"
        if self.at_least:
            return qs.alias(**{name: scaled - population * (2 * hundredths - 1)}).filter(**{f"{name}__gte": 0})
        return qs.alias(**{name: scaled - population * (2 * hundredths + 1)}).filter(**{f"{name}__lt": 0})


def _coverage_bound_errors(name):
    """The messages for a bad coverage bound, naming the bound."""
    out_of_range = format_lazy(_("“{}” must be a percentage from 0 to 100; it is left out."), name)
    return {
        "invalid": out_of_range, "min_value": out_of_range, "max_value": out_of_range,
        "max_decimal_places": format_lazy(_("“{}” has at most two decimals; it is left out."), name),
    }


class FiguresFilter(django_filters.ChoiceFilter):
    """`figures`: every counted figure (the default, also when the parameter is absent) or the approved ones only;
    a returned figure is never listed."""

    def filter(self, qs, value):
        return qs.filter(counted(value or Figures.ALL))


# How regencies' names begin ("Kabupaten Badung", "Kota Denpasar"): a name may be typed without it.
NAME_PREFIXES = ("Kabupaten", "Kota")


class RegencyCodeOrNameField(forms.ModelChoiceField):
    """A regency by its code ("51.03") or its name, in any case, with or without its kind ("badung")."""

    default_error_messages = {
        "ambiguous": _("“%(value)s” names more than one regency: %(regencies)s. Type its code; all regencies are "
                       "shown."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = " ".join(str(value).split())
        by_code = self.queryset.filter(code=text).first()
        if by_code is not None:
            return by_code
        names = [text, *(f"{prefix} {text}" for prefix in NAME_PREFIXES)]
        named = list(self.queryset.filter(reduce(operator.or_, (Q(name__iexact=name) for name in names)))
                     .select_related("province").order_by("code")[:6])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={
                "value": text[:60], "regencies": ", ".join(f"{r.name} ({r.code}, {r.province.name})" for r in named)})
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                              params={"value": text[:60]})


class RegencyCodeOrNameFilter(django_filters.ModelChoiceFilter):
    field_class = RegencyCodeOrNameField


class SnapshotHistoryFilter(django_filters.FilterSet):
    """`/history/` [province, regency, as_of_after, as_of_before, coverage_min, coverage_max, source, figures]."""

    province = django_filters.ModelChoiceFilter(
        label=_("Province"), field_name="regency__province", queryset=Province.objects.order_by("code"),
        to_field_name="code", empty_label=_("All provinces"),
        error_messages={
            "invalid_choice": _("There is no province with the code “%(value)s”; all provinces are shown."),
        },
    )
    regency = RegencyCodeOrNameFilter(
        label=_("Regency (code or name)"), field_name="regency", queryset=Regency.objects.all(), to_field_name="code",
        widget=forms.TextInput(attrs={"placeholder": "51.03 / Badung", "size": 14}),
        error_messages={
            "invalid_choice": _("There is no regency with the code or name “%(value)s”; all regencies are shown."),
        },
    )
    as_of_after = django_filters.DateFilter(
        label=_("From"), field_name="as_of", lookup_expr="gte", input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("“From” must be a date written as YYYY-MM-DD; it is left out.")},
    )
    as_of_before = django_filters.DateFilter(
        label=_("To"), field_name="as_of", lookup_expr="lte", input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("“To” must be a date written as YYYY-MM-DD; it is left out.")},
    )
    coverage_min = CoverageBoundFilter(
        label=_("Coverage from (%)"), at_least=True, widget=forms.NumberInput(attrs={"step": "0.01"}),
        error_messages=_coverage_bound_errors(_("Coverage from")),
    )
    coverage_max = CoverageBoundFilter(
        label=_("Coverage to (%)"), at_least=False, widget=forms.NumberInput(attrs={"step": "0.01"}),
        error_messages=_coverage_bound_errors(_("Coverage to")),
    )
    source = django_filters.CharFilter(label=_("Source contains"), lookup_expr="icontains", max_length=200)
    figures = FiguresFilter(
        label=_("Figures"), choices=Figures.choices, empty_label=None,
        error_messages={"invalid_choice": _("“%(value)s” is not a choice of figures; all figures are shown.")},
    )

    class Meta:
        model = CoverageSnapshot
        fields = []

    def leave_out_bad_parameters(self) -> bool:
        """Filter by the valid parameters only, and show only them in the form; whether all were valid."""
        if not self.is_bound or self.form.is_valid():
            return True
        data = self.form.data.copy()
        for name in self.form.errors:
            data.pop(name, None)
        self.data = data
        del self._form  # built again from the valid parameters, on its next use
        return False
