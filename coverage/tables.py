"""django-tables2 tables of the officials' pages, and how a request sorts and pages them."""
from operator import attrgetter

import django_tables2 as tables
from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData, TableQuerysetData
from django_tables2.utils import OrderBy

# Rows per page unless `per_page` asks otherwise; at most MAX_PER_PAGE (all 514 regencies fit on one page).
PER_PAGE = 50
MAX_PER_PAGE = 600


def table_configure(request, table, *, per_page=PER_PAGE) -> bool:
    """Sort and paginate `table` from the request; False if a parameter was bad (and said so in a message)."""
    sorted_ok = table_sort(request, table)
    return table_paginate(request, table, per_page=per_page) and sorted_ok


def table_sort(request, table) -> bool:
    """Sort by `sort` (column names, `-` for descending); an unknown column leaves the usual order, with a message."""
    sort = request.GET.get(table.prefixed_order_by_field, "")
    if not sort:
        return True
    known = {name for name, column in table.columns.items() if column.orderable}
    asked = [alias.strip() for alias in sort.split(",")]
    if all(OrderBy(alias).bare in known for alias in asked):
        table.order_by = asked
        return True
    messages.warning(
        request,
        _("The table cannot be sorted by “%(sort)s”; it is shown in its usual order.") % {"sort": sort[:40]},
    )
    return False


def table_paginate(request, table, *, per_page=PER_PAGE) -> bool:
    """Show the page `page` of `per_page` rows; a bad number or a page past the end shows a page that exists."""
    ok = True
    raw_per_page = request.GET.get(table.prefixed_per_page_field)
    if raw_per_page:
        if raw_per_page.isdigit() and 1 <= int(raw_per_page) <= MAX_PER_PAGE:
            per_page = int(raw_per_page)
        else:
            ok = False
            messages.warning(
                request,
                _("Rows per page must be a number from 1 to %(max)s; %(default)s are shown.")
                % {"max": MAX_PER_PAGE, "default": per_page},
            )
    page = request.GET.get(table.prefixed_page_field, "1")
    try:
        table.paginate(page=page, per_page=per_page)
    except (PageNotAnInteger, EmptyPage):
        ok = False
        past_the_end = page.isdigit() and int(page) > table.paginator.num_pages
        table.page = table.paginator.page(table.paginator.num_pages if past_the_end else 1)
        messages.warning(
            request,
            _("There is no page “%(page)s”; page %(shown)s of %(pages)s is shown.")
            % {"page": page[:10], "shown": table.page.number, "pages": table.paginator.num_pages},
        )
    return ok


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


def _number(verbose_name, **kwargs):
    return tables.Column(verbose_name=verbose_name, attrs={"th": {"class": "num"}, "td": {"class": "num"}}, **kwargs)


class _RankingTable(tables.Table):
    """Columns both rankings share; the pages render the cells themselves (templates/coverage/rankings/)."""

    rank = _number(_("Rank"))
    province = tables.Column(verbose_name=_("Province"))
    participants = _number(_("Active participants"))
    working_population = _number(_("Working population"))
    coverage_pct = _number(_("Coverage (%)"))
    target_pct = _number(_("Target (%)"))
    gap_pp = _number(_("Gap (points)"))
    participants_needed = _number(_("Participants needed"))
    # Sorting by status means sorting by how far from the target.
    status = tables.Column(verbose_name=_("Status"), order_by=("gap_pp",))

    def __init__(self, rows, **kwargs):
        super().__init__(RowsWithoutValuesLast(list(rows)), **kwargs)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Column headers by name, for the labels of the stacked phone layout (looked up once per page)."""
        return {column.name: conditional_escape(str(column.header)) for column in self.columns}

    class Meta:
        orderable = True
        order_by_field = "sort"


class RegencyRankingTable(_RankingTable):
    regency = tables.Column(verbose_name=_("Regency"))
    as_of = tables.Column(verbose_name=_("Figure as of"))
    change_pp = _number(_("Change (points)"))

    class Meta(_RankingTable.Meta):
        # The order of the export's columns (DESIGN.md), then the status.
        sequence = ("rank", "regency", "province", "as_of", "participants", "working_population", "coverage_pct",
                    "target_pct", "gap_pp", "participants_needed", "change_pp", "status")


class ProvinceRankingTable(_RankingTable):
    regencies_reporting = _number(_("Regencies reporting"))

    class Meta(_RankingTable.Meta):
        sequence = ("rank", "province", "regencies_reporting", "participants", "working_population", "coverage_pct",
                    "target_pct", "gap_pp", "participants_needed", "status")


# --- History (H4b) ----------------------------------------------------------------------------------


class OrderedWithTieBreak(TableQuerysetData):
    """Sorts in the database and then by id, so that rows with equal values keep their place across pages."""

    def order_by(self, aliases):
        super().order_by(aliases)
        self.data = self.data.order_by(*self.data.query.order_by, "pk")


class SnapshotHistoryTable(tables.Table):
    """`/history/`: column names are the export's keys; the page renders the cells itself."""

    regency = tables.Column(verbose_name=_("Regency"), order_by=("regency__name",))
    as_of = tables.Column(verbose_name=_("As of"))
    # Phones leave out the code and the province (the regency's name says enough there).
    code = tables.Column(verbose_name=_("Code"), accessor="regency__code", order_by=("regency__code",),
                         attrs={"th": {"class": "wide-only"}})
    province = tables.Column(verbose_name=_("Province"), accessor="regency__province",
                             order_by=("regency__province__code",), attrs={"th": {"class": "wide-only"}})
    participants = _number(_("Active participants"))
    working_population = _number(_("Working population"))
    coverage_pct = _number(_("Coverage (%)"), accessor="coverage_percent", order_by=("coverage_ratio",))
    pu = _number("PU")
    bpu = _number("BPU")
    jakon = _number("Jakon")
    pmi = _number("PMI")
    source = tables.Column(verbose_name=_("Source"))

    def __init__(self, snapshots, **kwargs):
        super().__init__(OrderedWithTieBreak(snapshots), **kwargs)

    class Meta:
        orderable = True
        order_by_field = "sort"
        sequence = ("regency", "as_of", "code", "province", "participants", "working_population", "coverage_pct",
                    "pu", "bpu", "jakon", "pmi", "source")
