"""The django-tables2 tables of the rankings; the pages render the cells themselves (templates/coverage/rankings/)."""
from operator import attrgetter

import django_tables2 as tables
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy

from coverage.models import CoverageSnapshot
from coverage.web.tables import number_column


class RowsWithoutValuesLast(TableListData):
    """Sorts a list of rows by attribute, keeping rows without a value (no data, no target) at the end."""

    def order_by(self, aliases):
        rows = list(self.data)
        # Stable sorts from the least to the most significant key.
        for alias in reversed(aliases):
            order = OrderBy(alias)
            accessor = self.table.columns[order.bare].order_by[0].bare
            get = attrgetter(accessor)
            with_value = [row for row in rows if get(row) is not None]
            with_value.sort(key=get, reverse=order.is_descending)
            rows = with_value + [row for row in rows if get(row) is None]
        self.data = rows


class _RankingTable(tables.Table):
    """Columns both rankings share; the pages render the cells themselves (templates/coverage/rankings/)."""

    rank = number_column(_("Rank"))
    province = tables.Column(verbose_name=_("Province"))
    participants = number_column(CoverageSnapshot.label("participants"))
    working_population = number_column(CoverageSnapshot.label("working_population"))
    coverage_pct = number_column(_("Coverage (%)"))
    target_pct = number_column(_("Target (%)"))
    gap_pp = number_column(_("Gap (points)"))
    participants_needed = number_column(_("Participants needed"))
    pace_per_month = number_column(_("Pace a month"))
    needed_per_month = number_column(_("Needed a month"))
    projected_pct = number_column(_("Projected 31 Dec (%)"))
    # Sorting by outlook goes from reached to pace unknown, not by the words' spelling.
    outlook = tables.Column(verbose_name=_("Outlook"), order_by=("outlook_order",))
    # Sorting by status means sorting by how far from the target.
    status = tables.Column(verbose_name=_("Status"), accessor="target_status", order_by=("gap_pp",))

    def __init__(self, rows, **kwargs):
        super().__init__(RowsWithoutValuesLast(list(rows)), **kwargs)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Column headers by name, for the labels of the stacked phone layout (looked up once per page)."""
        return {column.name: conditional_escape(str(column.header)) for column in self.columns.all()}

    class Meta:
        orderable = True
        order_by_field = "sort"


class RegencyRankingTable(_RankingTable):
    regency = tables.Column(verbose_name=_("Regency"))
    # Shown under the regency's name (one column fewer for the outlook's four); still sortable with `sort=as_of`.
    as_of = tables.Column(verbose_name=_("Figure as of"), visible=False)
    change_pp = number_column(_("Change (points)"))

    class Meta(_RankingTable.Meta):
        # The order of the export's columns (DESIGN.md), then the status.
        sequence = ("rank", "regency", "province", "as_of", "participants", "working_population", "coverage_pct",
                    "target_pct", "gap_pp", "participants_needed", "change_pp", "pace_per_month", "needed_per_month",
                    "projected_pct", "outlook", "status")


class ProvinceRankingTable(_RankingTable):
    regencies_reporting = number_column(_("Regencies reporting"))

    class Meta(_RankingTable.Meta):
        sequence = ("rank", "province", "regencies_reporting", "participants", "working_population", "coverage_pct",
                    "target_pct", "gap_pp", "participants_needed", "pace_per_month", "needed_per_month",
                    "projected_pct", "outlook", "status")
