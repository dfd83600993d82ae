"""The officials' pages: the overview, the rankings (and their exports), one province, one regency."""
import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from coverage.history import charts
from coverage.history import selectors as history
from coverage.models import PROVINCE_CODE, REGENCY_CODE, Province, Regency
from coverage.places import access
from coverage.rankings import filters, selectors, statuses, tables
from coverage.snapshots.revisions import regency_revisions
from coverage.web import cached, exports
from coverage.web.tables import table_paginate, table_sort

# How many provinces the overview shows at each end of the ranking.
AT_A_GLANCE = 3


def _newest(as_of, dates) -> dict:
    """The newest cut-off among a page's figures, and whether it is too old for `as_of` (_behind.html)."""
    newest = max((date for date in dates if date), default=None)
    return {"newest_cut_off": newest, "behind": statuses.figures_behind(as_of=as_of, newest=newest)}


@login_required
def home(request):
    """The overview: the national figure and the provinces at both ends of the ranking."""
    chosen = filters.ranking_filter(request, with_province=False)
    provinces = selectors.province_ranking(as_of=chosen.as_of, source=chosen.source, figures=chosen.figures)
    ranked = [row for row in provinces if row.has_data]
    overview = selectors.national_overview(as_of=chosen.as_of, figures=chosen.figures)
    # Dated before the first figure, the page points to it rather than to "nothing recorded".
    first = None if overview["working_population"] else selectors.first_cut_off(figures=chosen.figures)
    return render(request, "coverage/rankings/home.html", {
        "first_cut_off": first,
        **overview, **_newest(chosen.as_of, [overview["latest_cut_off"]]), "as_of": chosen.as_of, "filter": chosen,
        "highest": ranked[:AT_A_GLANCE], "lowest": ranked[AT_A_GLANCE:][-AT_A_GLANCE:],
        "provinces_reporting": len(ranked), "outlooks": selectors.ranking_summary(provinces)["outlooks"],
    })


def _ranking_page(request, *, template, table, columns, filename, title, context):
    """Sort, then export every row (`_export`) or show one page of them."""
    sorted_as_asked = table_sort(request, table)
    fmt = exports.export_format(request)
    if fmt:
        # A download is only given for what was asked for, never for silently replaced defaults.
        if not (context["filter"].valid and sorted_as_asked):
            return exports.export_refused(request)
        rows = (row.export_row() for row in table.data)
        return exports.export_response(fmt, columns=columns, rows=rows, filename=filename, title=title)
    table_paginate(request, table)
    chosen = context["filter"]
    # The rendered rows are most of the page's time (514 of them on one page): kept until the data changes.
    rows = cached.fragment(
        request.path, chosen.as_of, chosen.province and chosen.province.code, chosen.source, chosen.figures,
        chosen.outlook, ",".join(table.order_by or ()), table.page.number, table.paginator.per_page,
    )
    context |= {"table": table, "export_links": exports.export_links(request), "rows_cache": rows}
    return render(request, template, context)


@login_required
def rankings(request):
    """Regencies ranked by coverage (all, or one province's; those of one outlook), or their export."""
    chosen = filters.ranking_filter(request, with_outlook=True)
    rows = selectors.regency_ranking(as_of=chosen.as_of, province=chosen.province, source=chosen.source,
                                    figures=chosen.figures)
    place = chosen.province.code if chosen.province else "indonesia"
    table = tables.RegencyRankingTable(selectors.with_outlook(rows, chosen.outlook))
    if chosen.province:  # every row's province is the chosen one: its column only takes width
        table.columns.hide("province")
    return _ranking_page(
        request, template="coverage/rankings/regencies.html", table=table,
        columns=selectors.REGENCY_RANKING_COLUMNS,
        filename=f"ucj-regency-ranking-{place}-{chosen.as_of:%Y-%m-%d}-{chosen.source}", title=_("Regency ranking"),
        context={"filter": chosen, "summary": selectors.ranking_summary(rows),
                 **_newest(chosen.as_of, (row.as_of for row in rows))},
    )


@login_required
def province_rankings(request):
    """Provinces ranked by their roll-up (those of one outlook), or its export."""
    chosen = filters.ranking_filter(request, with_province=False, with_outlook=True)
    rows = selectors.province_ranking(as_of=chosen.as_of, source=chosen.source, figures=chosen.figures)
    return _ranking_page(
        request, template="coverage/rankings/provinces.html",
        table=tables.ProvinceRankingTable(selectors.with_outlook(rows, chosen.outlook)),
        columns=selectors.PROVINCE_RANKING_COLUMNS,
        filename=f"ucj-province-ranking-{chosen.as_of:%Y-%m-%d}-{chosen.source}", title=_("Province ranking"),
        context={"filter": chosen, "summary": selectors.ranking_summary(rows),
                 **_newest(chosen.as_of, (row.latest_as_of for row in rows))},
    )

def _is(pattern: str, code: str) -> bool:
    return re.fullmatch(pattern, code) is not None


def _not_found(request, message):
    return render(request, "coverage/rankings/not_found.html", {"message": message}, status=404)


@login_required
def regency_detail(request, code):
    """One regency: its figure against its target, history, chart, targets and revisions."""
    # A code that cannot be one is not looked up: PostgreSQL refuses text such as "51\x00" outright.
    regency = Regency.objects.select_related("province").filter(code=code).first() if _is(REGENCY_CODE, code) else None
    if regency is None:
        return _not_found(request, _("No regency has the code “%(code)s”.") % {"code": code[:20]})
    chosen = filters.ranking_filter(request, with_province=False)
    as_of, source = chosen.as_of, chosen.source
    figure = next(
        row for row in selectors.regency_ranking(as_of=as_of, province=regency.province, source=source,
                                                 figures=chosen.figures)
        if row.code == regency.code
    )
    snapshots = history.regency_history(regency=regency, as_of=as_of, figures=chosen.figures)
    targets = list(selectors.regency_targets(regency=regency))
    # Drawn only when the page's cached fragment (page_cache) is rendered anew.
    chart = SimpleLazyObject(lambda: charts.coverage_chart(
        points=[(row.snapshot.as_of, row.coverage_pct) for row in snapshots],
        targets=selectors.targets_by_year(targets=targets, source=source),
        title=_("Coverage of %(place)s over the cut-offs") % {"place": regency.name}, projection=figure.projection,
    ))
    revisions, revisions_total = regency_revisions(regency=regency)
    may_correct = access.may_enter(request.user, regency, permission=access.CORRECT)
    return render(request, "coverage/rankings/regency.html", {
        **_figure_context(figure, chosen), **_newest(as_of, [figure.as_of]), "regency": regency, "as_of": as_of,
        "history": snapshots, "targets": targets, "chart": chart,
        "revisions": revisions, "revisions_total": revisions_total, "may_correct": may_correct,
        "page_cache": cached.fragment(request.path, as_of, source, chosen.figures, may_correct),
    })


@login_required
def province_detail(request, code):
    """One province: its roll-up against its target, trend, and its regencies ranked."""
    province = Province.objects.filter(code=code).first() if _is(PROVINCE_CODE, code) else None
    if province is None:
        return _not_found(request, _("No province has the code “%(code)s”.") % {"code": code[:20]})
    chosen = filters.ranking_filter(request, with_province=False)
    as_of, source = chosen.as_of, chosen.source
    provinces = selectors.province_ranking(as_of=as_of, source=source, figures=chosen.figures)
    figure = next(row for row in provinces if row.code == province.code)
    regencies = selectors.regency_ranking(as_of=as_of, province=province, source=source, figures=chosen.figures)
    needs = selectors.needed_shares(regencies)
    trend = history.province_trend(province=province, as_of=as_of, figures=chosen.figures)
    chart = SimpleLazyObject(lambda: charts.coverage_chart(  # as on the regency page
        points=[(point.as_of, point.coverage_pct) for point in trend],
        targets=selectors.targets_by_year(targets=province.targets.all(), source=source),
        title=_("Coverage of %(place)s over the cut-offs") % {"place": province.name}, projection=figure.projection,
    ))
    return render(request, "coverage/rankings/province.html", {
        **_figure_context(figure, chosen), **_newest(as_of, [figure.latest_as_of]), "province": province,
        "as_of": as_of,
        "provinces_ranked": sum(row.has_data for row in provinces),
        "regencies": [(row, needs.by_code.get(row.code), needs.bar_length(row.code)) for row in regencies],
        "needs": needs,
        "trend": trend[::-1], "chart": chart,
        "page_cache": cached.fragment(request.path, as_of, source, chosen.figures),
    })


def _figure_context(figure, chosen):
    """What the headline figures (_figure.html) and the date and source form need."""
    return {"figure": figure, "filter": chosen, "source": chosen.source}


