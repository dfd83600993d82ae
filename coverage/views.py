"""Thin views: parse the request, call a selector or a service, render."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coverage import charts, exports, filters, selectors, tables
from coverage.models import Province, Regency

# How many provinces the overview shows at each end of the ranking.
AT_A_GLANCE = 3


@login_required
def home(request):
    chosen = filters.ranking_filter(request, with_province=False)
    ranked = [row for row in selectors.province_ranking(as_of=chosen.as_of, source=chosen.source) if row.has_data]
    return render(request, "coverage/home.html", {
        **selectors.national_overview(as_of=chosen.as_of), "as_of": chosen.as_of, "filter": chosen,
        "highest": ranked[:AT_A_GLANCE], "lowest": ranked[AT_A_GLANCE:][-AT_A_GLANCE:],
        "provinces_reporting": len(ranked),
    })


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

# --- H4b: regency, province and history pages -------------------------------------------------------


def _not_found(request, message):
    return render(request, "coverage/not_found.html", {"message": message}, status=404)


@login_required
def regency_detail(request, code):
    regency = Regency.objects.select_related("province").filter(code=code).first()
    if regency is None:
        return _not_found(request, _("No regency has the code “%(code)s”.") % {"code": code[:20]})
    chosen = filters.ranking_filter(request, with_province=False)
    as_of, source = chosen.as_of, chosen.source
    figure = next(
        row for row in selectors.regency_ranking(as_of=as_of, province=regency.province, source=source)
        if row.code == regency.code
    )
    history = selectors.regency_history(regency=regency)
    targets = list(selectors.regency_targets(regency=regency))
    chart = charts.coverage_chart(
        points=[(row.snapshot.as_of, row.coverage_pct) for row in history],
        targets=selectors.targets_by_year(targets=targets, source=source),
        title=_("Coverage of %(place)s over the cut-offs") % {"place": regency.name},
    )
    revisions, revisions_total = selectors.snapshot_revisions(regency=regency)
    return render(request, "coverage/regency.html", {
        **_figure_context(figure, chosen), "regency": regency, "as_of": as_of,
        "history": history, "targets": targets, "chart": chart,
        "revisions": revisions, "revisions_total": revisions_total,
        "may_correct": selectors.user_may_enter_for(user=request.user, regency=regency),
    })


@login_required
def province_detail(request, code):
    province = Province.objects.filter(code=code).first()
    if province is None:
        return _not_found(request, _("No province has the code “%(code)s”.") % {"code": code[:20]})
    chosen = filters.ranking_filter(request, with_province=False)
    as_of, source = chosen.as_of, chosen.source
    provinces = selectors.province_ranking(as_of=as_of, source=source)
    figure = next(row for row in provinces if row.code == province.code)
    regencies = selectors.regency_ranking(as_of=as_of, province=province, source=source)
    shares = selectors.needed_shares(regencies)
    biggest = sorted((row for row in regencies if row.code in shares), key=lambda row: -shares[row.code])[:3]
    trend = selectors.province_trend(province=province, as_of=as_of)
    chart = charts.coverage_chart(
        points=[(point.as_of, point.coverage_pct) for point in trend],
        targets=selectors.targets_by_year(targets=province.targets.all(), source=source),
        title=_("Coverage of %(place)s over the cut-offs") % {"place": province.name},
    )
    return render(request, "coverage/province.html", {
        **_figure_context(figure, chosen), "province": province, "as_of": as_of,
        "provinces_ranked": sum(row.has_data for row in provinces),
        "regencies": [(row, shares.get(row.code), _bar_width(shares.get(row.code), shares)) for row in regencies],
        "biggest_needs": biggest, "biggest_share": sum(shares[row.code] for row in biggest),
        "trend": trend[::-1], "chart": chart,
    })


def _bar_width(share, shares) -> str:
    """The length of a share's bar, the largest share filling the bar (SVG units of 100)."""
    return f"{share / max(shares.values()) * 100:.1f}" if share else "0"


def _figure_context(figure, chosen):
    """What the headline figures (_figure.html) and the date and source form need."""
    return {"figure": figure, "filter": chosen, "source": chosen.source}


@login_required
def history(request):
    checked = filters.SnapshotHistoryFilter(request.GET)
    for errors in checked.errors.values():
        for error in errors:
            messages.warning(request, error)
    # The page and the download show what the valid parameters select; the form shows what the page shows.
    valid = request.GET.copy()
    for name in checked.errors:
        valid.pop(name, None)
    table = tables.SnapshotHistoryTable(selectors.snapshot_history(filters=valid))
    sorted_as_asked = tables.table_sort(request, table)
    fmt = exports.export_format(request)
    if fmt and not checked.errors and sorted_as_asked:
        return exports.export_response(
            fmt, columns=selectors.HISTORY_COLUMNS, rows=selectors.history_export_rows(table.data.data),
            filename=f"ucj-history-{timezone.localdate():%Y-%m-%d}",
        )
    tables.table_paginate(request, table)
    return render(request, "coverage/history.html", {
        "form": filters.SnapshotHistoryFilter(valid).form, "table": table,
        "export_links": exports.export_links(request),
    })
