"""`/reporting/`: deadlines, completeness and on-time rates, per province or for one province's regencies."""
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coverage.places import access
from coverage.reporting import forms, selectors
from coverage.web import exports
from coverage.web.parameters import parameters_or_defaults


@login_required
@require_safe
def reporting(request):
    """The country (one row per province) or one province (its regencies x the year's month-ends), or the export."""
    regencies = access.followed_regencies(request.user)
    form = forms.ReportingForm(request.GET, regencies=regencies)
    chosen = parameters_or_defaults(request, form, {"year": timezone.localdate().year, "province": None})
    province = chosen["province"]
    calendar = selectors.reporting_calendar(
        regencies=regencies.filter(province=province) if province else regencies, year=chosen["year"])
    fmt = exports.export_format(request)
    if fmt and form.errors:  # a download only of what was asked for
        return exports.export_refused(request)
    if fmt:
        return exports.export_response(fmt, columns=selectors.EXPORT_COLUMNS, rows=selectors.export_rows(calendar),
                                       filename=f"ucj-reporting-{province.code if province else 'indonesia'}-"
                                                f"{calendar.year}", title=_("Reporting"))
    return render(request, "coverage/reporting/reporting.html", {
        "calendar": calendar, "province": province, "provinces": form.fields["province"].queryset,
        "rates": calendar.rates_by_province() if province is None else None,
        "total": calendar.rates(calendar.rows), "export_links": exports.export_links(request),
        "deadline_days": settings.REPORTING_DEADLINE_DAYS,
    })
