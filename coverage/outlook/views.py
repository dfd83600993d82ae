"""`/report/`: the monthly report of a province or of the nation, laid out to print on A4 (static/css/app.css)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coverage.history import charts
from coverage.outlook.reports import monthly_report
from coverage.rankings import filters
from coverage.rankings.statuses import figures_behind


@login_required
def report(request):
    """The report as of a date against the targets of one source; `province` narrows it to one province."""
    chosen = filters.ranking_filter(request)
    report = monthly_report(as_of=chosen.as_of, source=chosen.source, province=chosen.province,
                            figures=chosen.figures)
    place = chosen.province.name if chosen.province else _("Indonesia")
    chart = charts.coverage_chart(
        points=[(point.as_of, point.coverage_pct) for point in report.trend], targets=report.targets,
        title=_("Coverage of %(place)s over the cut-offs") % {"place": place},
        projection=report.figure.projection if chosen.province else None,
    )
    return render(request, "coverage/outlook/report.html", {
        "report": report, "filter": chosen, "place": place, "chart": chart, "as_of": chosen.as_of,
        "figure": report.figure, "produced_at": timezone.now(),
        "behind": figures_behind(as_of=chosen.as_of, newest=report.newest_cut_off),
    })
