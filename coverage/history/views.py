"""`/history/`: the snapshots the filter selects, one page of them, or all of them as an export."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coverage.history import filters, selectors, tables
from coverage.web import exports, parameters
from coverage.web.tables import table_paginate, table_sort


@login_required
def history(request):
    """The snapshots the filter selects, one page of them or all as an export."""
    chosen = filters.SnapshotHistoryFilter(request.GET, queryset=selectors.history_snapshots())
    parameters.warn_bad_parameters(request, chosen.form)
    # The page and the download show what the valid parameters select; the form shows what the page shows.
    valid = chosen.leave_out_bad_parameters()
    table = tables.SnapshotHistoryTable(chosen.qs)
    sorted_as_asked = table_sort(request, table)
    fmt = exports.export_format(request)
    if fmt and not (valid and sorted_as_asked):
        return exports.export_refused(request)
    if fmt:
        return exports.export_response(
            fmt, columns=selectors.HISTORY_COLUMNS, rows=selectors.history_export_rows(table.data.data),
            filename=f"ucj-history-{timezone.localdate():%Y-%m-%d}", title=_("History of figures"),
        )
    table_paginate(request, table)
    return render(request, "coverage/history/history.html", {
        "form": chosen.form, "table": table, "export_links": exports.export_links(request),
    })
