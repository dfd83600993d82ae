"""Thin views: parse the request, call a selector or a service, render."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coverage import charts, params, selectors
from coverage.models import Province, Regency, Target


@login_required
def home(request):
    as_of = timezone.localdate()
    return render(request, "coverage/home.html", {"as_of": as_of, **selectors.national_overview(as_of=as_of)})


# --- H4b: regency, province and history pages -------------------------------------------------------


def _not_found(request, message):
    return render(request, "coverage/not_found.html", {"message": message}, status=404)


@login_required
def regency_detail(request, code):
    regency = Regency.objects.select_related("province").filter(code=code).first()
    if regency is None:
        return _not_found(request, _("No regency has the code “%(code)s”.") % {"code": code[:20]})
    as_of, source = params.as_of_param(request), params.source_param(request)
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
        **_figure_context(figure, source), "regency": regency, "as_of": as_of,
        "history": history, "targets": targets, "chart": chart,
        "revisions": revisions, "revisions_total": revisions_total,
        "may_correct": selectors.user_may_enter_for(user=request.user, regency=regency),
    })


@login_required
def province_detail(request, code):
    province = Province.objects.filter(code=code).first()
    if province is None:
        return _not_found(request, _("No province has the code “%(code)s”.") % {"code": code[:20]})
    as_of, source = params.as_of_param(request), params.source_param(request)
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
        **_figure_context(figure, source), "province": province, "as_of": as_of,
        "provinces_ranked": sum(row.has_data for row in provinces),
        "regencies": [(row, shares.get(row.code)) for row in regencies],
        "biggest_needs": biggest, "biggest_share": sum(shares[row.code] for row in biggest),
        "trend": trend[::-1], "chart": chart,
    })


def _figure_context(figure, source):
    """What the headline figures (_figure.html) and the source form need."""
    return {
        "figure": figure, "source": source, "sources": Target.Source.choices,
        "source_label": Target.Source(source).label,
        "status_label": selectors.TargetStatus(figure.status).label if figure.status else "",
    }
