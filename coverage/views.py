"""Thin views: parse the request, call a selector or a service, render."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from coverage import exports, filters, selectors, tables


@login_required
def home(request):
    as_of = timezone.localdate()
    return render(request, "coverage/home.html", {"as_of": as_of, **selectors.national_overview(as_of=as_of)})


# --- Rankings -----------------------------------------------------------------------------------------


def _ranking_page(request, *, template, table, columns, filename, context):
    """Sort, then export every row (`_export`) or show one page of them."""
    sorted_as_asked = tables.table_sort(request, table)
    fmt = exports.export_format(request)
    # A download is only given for what was asked for, never for silently replaced defaults.
    if fmt and context["filter"].valid and sorted_as_asked:
        rows = (row.export_row() for row in table.data)
        return exports.export_response(fmt, columns=columns, rows=rows, filename=filename)
    tables.table_paginate(request, table)
    context |= {"table": table, "export_links": exports.export_links(request)}
    return render(request, template, context)


@login_required
def rankings(request):
    chosen = filters.ranking_filter(request)
    rows = selectors.regency_ranking(as_of=chosen.as_of, province=chosen.province, source=chosen.source)
    place = chosen.province.code if chosen.province else "indonesia"
    return _ranking_page(
        request, template="coverage/rankings/regencies.html", table=tables.RegencyRankingTable(rows),
        columns=selectors.REGENCY_RANKING_COLUMNS,
        filename=f"ucj-regency-ranking-{place}-{chosen.as_of:%Y-%m-%d}-{chosen.source}",
        context={"filter": chosen, "summary": selectors.ranking_summary(rows)},
    )


@login_required
def province_rankings(request):
    chosen = filters.ranking_filter(request, with_province=False)
    rows = selectors.province_ranking(as_of=chosen.as_of, source=chosen.source)
    return _ranking_page(
        request, template="coverage/rankings/provinces.html", table=tables.ProvinceRankingTable(rows),
        columns=selectors.PROVINCE_RANKING_COLUMNS,
        filename=f"ucj-province-ranking-{chosen.as_of:%Y-%m-%d}-{chosen.source}",
        context={"filter": chosen, "summary": selectors.ranking_summary(rows)},
    )
