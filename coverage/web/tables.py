"""How a request sorts and pages a django-tables2 table (`sort`, `page`, `per_page`), shared by every list page."""
import django_tables2 as tables
from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import OrderBy

# Rows per page unless `per_page` asks otherwise; at most MAX_PER_PAGE (all 514 regencies fit on one page).
PER_PAGE = 50
MAX_PER_PAGE = 600


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


def _whole_number(text: str) -> int | None:
    """Plain ASCII digits as a number, else None: str.isdigit() also takes "²", which int() refuses."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def table_paginate(request, table, *, per_page=PER_PAGE) -> None:
    """Show the page `page` of `per_page` rows; a bad number or a page past the end shows a page that exists."""
    raw_per_page = request.GET.get(table.prefixed_per_page_field)
    if raw_per_page:
        asked = _whole_number(raw_per_page)
        if asked is not None and 1 <= asked <= MAX_PER_PAGE:
            per_page = asked
        else:
            messages.warning(
                request,
                _("Rows per page must be a number from 1 to %(max)s; %(default)s are shown.")
                % {"max": MAX_PER_PAGE, "default": per_page},
            )
    page = request.GET.get(table.prefixed_page_field, "1")
    try:
        table.paginate(page=page, per_page=per_page)
    except (PageNotAnInteger, EmptyPage):
        past_the_end = (_whole_number(page) or 0) > table.paginator.num_pages
        table.page = table.paginator.page(table.paginator.num_pages if past_the_end else 1)
        messages.warning(
            request,
            _("There is no page “%(page)s”; page %(shown)s of %(pages)s is shown.")
            % {"page": page[:10], "shown": table.page.number, "pages": table.paginator.num_pages},
        )


def number_column(verbose_name, **kwargs):
    return tables.Column(verbose_name=verbose_name, attrs={"th": {"class": "num"}, "td": {"class": "num"}}, **kwargs)
