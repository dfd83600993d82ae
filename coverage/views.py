"""Thin views: parse the request, call a selector or a service, render."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coverage import access, charts, exports, filters, forms, selectors, services, tables
from coverage.models import CoverageSnapshot, Province, Regency

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
    revisions, revisions_total = selectors.regency_revisions(regency=regency)
    return render(request, "coverage/regency.html", {
        **_figure_context(figure, chosen), "regency": regency, "as_of": as_of,
        "history": history, "targets": targets, "chart": chart,
        "revisions": revisions, "revisions_total": revisions_total,
        "may_correct": access.may_enter(request.user, regency, permission=access.CORRECT),
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
    needs = selectors.needed_shares(regencies)
    trend = selectors.province_trend(province=province, as_of=as_of)
    chart = charts.coverage_chart(
        points=[(point.as_of, point.coverage_pct) for point in trend],
        targets=selectors.targets_by_year(targets=province.targets.all(), source=source),
        title=_("Coverage of %(place)s over the cut-offs") % {"place": province.name},
    )
    return render(request, "coverage/province.html", {
        **_figure_context(figure, chosen), "province": province, "as_of": as_of,
        "provinces_ranked": sum(row.has_data for row in provinces),
        "regencies": [(row, needs.by_code.get(row.code), _bar_width(row, needs)) for row in regencies],
        "needs": needs,
        "trend": trend[::-1], "chart": chart,
    })


def _bar_width(row, needs) -> str:
    """The length of a regency's share bar, the largest share filling the bar (SVG units of 100)."""
    share = needs.by_code.get(row.code)
    return f"{share / needs.by_code[needs.biggest[0].code] * 100:.1f}" if share else "0"


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


# --- Entry (field staff) ---------------------------------------------------------------------------------


def entry_required(view):
    """Signed in, and allowed to enter figures for at least one regency; others get a 403 page that says why."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.may_use_entry(request.user):
            raise PermissionDenied(_("Only field staff can enter figures, for the regencies they are assigned to."))
        return view(request, *args, **kwargs)
    return wrapper


def _parameters(request, form, defaults: dict) -> dict:
    """Valid GET parameters, else the defaults, with a message for each bad one (never an error page)."""
    if not request.GET:
        return defaults
    form.is_valid()
    for name, errors in form.errors.items():
        if name not in request.GET:
            continue  # a missing parameter simply takes its default
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.warning(request, f"{label}: {error}" if label else error)
    return {name: form.cleaned_data.get(name) or default for name, default in defaults.items()}


def _entry_url(as_of) -> str:
    return f"{reverse('entry')}?{urlencode({'as_of': as_of.isoformat()})}"


def _saved_message(snapshot) -> str:
    return format_html(
        _("Saved {regency} as of {date}: {participants} of {working_population} ({coverage}%). "
          "<a href=\"{url}\">See the regency</a>."),
        regency=snapshot.regency.name, date=date_format(snapshot.as_of), url=f"/regencies/{snapshot.regency.code}/",
        participants=localize(snapshot.participants), working_population=localize(snapshot.working_population),
        coverage=localize(snapshot.coverage_percent),
    )


@entry_required
def entry(request):
    """The field staff's home: their regencies, and which of them have figures for a cut-off date."""
    latest_cut_off = selectors.latest_month_end(timezone.localdate())
    chosen = _parameters(request, forms.AsOfForm(request.GET), {"as_of": latest_cut_off})
    groups = selectors.entry_status(regencies=access.enterable_regencies(request.user), as_of=chosen["as_of"])
    return render(request, "coverage/entry/home.html", {
        "as_of": chosen["as_of"], "latest_cut_off": latest_cut_off, "groups": groups,
        "assignments": selectors.assignments_of(request.user),
        "entered": sum(group.entered for group in groups), "total": sum(len(group.rows) for group in groups),
    })


@entry_required
def entry_new(request):
    """One new snapshot."""
    initial = _new_initial(request) if request.method == "GET" else None
    form = forms.SnapshotForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        figures = form.figures()
        try:
            snapshot = services.snapshot_record(
                regency=form.cleaned_data["regency"], by=request.user, change_reason=_("Entered in the form"),
                confirm_implausible=form.cleaned_data["confirm_implausible"], **figures,
            )
        except ValidationError as error:
            forms.add_refusal(form, error)
        else:
            messages.success(request, _saved_message(snapshot))
            return redirect(_entry_url(snapshot.as_of))
    return render(request, "coverage/entry/new.html", {"form": form})


def _new_initial(request) -> dict:
    """From the entry home's links: the regency and date, and the working population of the previous snapshot."""
    initial = _parameters(request, forms.SnapshotForm(request.GET, user=request.user),
                          {"regency": None, "as_of": selectors.latest_month_end(timezone.localdate())})
    if initial["regency"]:
        previous = selectors.previous_snapshot(regency=initial["regency"], before=initial["as_of"])
        if previous:
            initial["working_population"] = previous.working_population
    return initial


@login_required
def entry_edit(request, pk):
    """Correct one snapshot; its revisions are listed below the form."""
    snapshot = get_object_or_404(CoverageSnapshot.objects.select_related("regency__province", "updated_by"), pk=pk)
    if not access.may_enter(request.user, snapshot.regency, permission=access.CORRECT):
        raise PermissionDenied(_("You are not assigned to correct the figures of %(regency)s.")
                               % {"regency": snapshot.regency.name})
    initial = {name: getattr(snapshot, name) for name in forms.FiguresForm.FIGURES} | {"version": snapshot.version}
    form = forms.CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            corrected = services.snapshot_correct(
                snapshot=snapshot, changes=form.figures(), by=request.user, reason=form.cleaned_data["change_reason"],
                expected_version=form.cleaned_data["version"],
                confirm_implausible=form.cleaned_data["confirm_implausible"],
            )
        except ValidationError as error:
            forms.add_refusal(form, error)
        else:
            messages.success(request, _saved_message(corrected))
            return redirect(_entry_url(corrected.as_of))
    return render(request, "coverage/entry/edit.html", {
        "form": form, "snapshot": snapshot, "revisions": selectors.snapshot_revisions(snapshot),
    })


@entry_required
def entry_grid(request):
    """All the regencies of a province that the user may enter, for one cut-off date, in one form."""
    choice = forms.GridChoiceForm(request.GET, user=request.user)
    provinces = choice.fields["province"].queryset
    chosen = _parameters(request, choice, {"province": provinces.first(),
                                           "as_of": selectors.latest_month_end(timezone.localdate())})
    province, as_of = chosen["province"], chosen["as_of"]
    regencies = list(access.enterable_regencies(request.user).filter(province=province).order_by("code"))
    ids = [regency.pk for regency in regencies]
    stored = selectors.snapshots_on(regency_ids=ids, as_of=as_of)
    previous = selectors.previous_snapshots(regency_ids=ids, before=as_of)
    initial = [_grid_initial(regency, stored.get(regency.pk), previous.get(regency.pk)) for regency in regencies]

    posted = request.method == "POST" and not choice.errors
    formset = forms.GridFormSet(request.POST if posted else None, initial=initial,
                                form_kwargs={"empty_permitted": True, "use_required_attribute": False})
    if posted and formset.total_form_count() != len(regencies):  # a stale page or a tampered form
        messages.error(request, _("The list of regencies changed since the page was opened: reload it."))
        posted = False
        formset = forms.GridFormSet(initial=initial, form_kwargs={"use_required_attribute": False})
    source = forms.GridSourceForm(request.POST if posted else None)
    if posted:
        saved = _grid_post(request, formset, source, regencies, stored, province, as_of)
        if saved:
            return saved
    return render(request, "coverage/entry/grid.html", {
        "choice": choice, "province": province, "provinces": provinces, "as_of": as_of, "source": source,
        "formset": formset, "rows": list(zip(formset.forms, regencies, [previous.get(r.pk) for r in regencies],
                                             strict=True)),
        "corrections": bool(stored),
    })


def _grid_post(request, formset, source, regencies, stored, province, as_of):
    """Store the filled rows of a posted grid, or put every row's problem on it; a redirect when stored."""
    rows_valid = formset.is_valid()
    if not source.is_valid() or formset.non_form_errors():
        messages.error(request, _("Some rows need attention; nothing was stored."))
        return None
    filled = [(form, regency) for form, regency in zip(formset.forms, regencies, strict=True)
              if form.has_changed() and not form.errors]
    rows = [_grid_row(form, regency, stored.get(regency.pk), source.cleaned_data["source"])
            for form, regency in filled]
    if rows_valid and not rows:
        messages.info(request, _("Nothing to save: every row was left as it was."))
        return None
    try:
        if rows_valid:
            result = services.grid_save(as_of=as_of, rows=rows, by=request.user, reason=_("Entered in the grid"))
        else:  # typing errors: check the other rows too, so that every problem shows at once
            services.grid_check(as_of=as_of, rows=rows, by=request.user)
    except services.GridRowErrors as refusal:
        for index, error in refusal.rows.items():
            forms.add_refusal(filled[index][0], error)
    refused = sum(1 for form in formset.forms if form.errors)
    if refused:
        messages.error(request, ngettext("%(count)d row was refused; nothing was stored.",
                                         "%(count)d rows were refused; nothing was stored.", refused)
                       % {"count": refused})
        return None
    messages.success(request, _grid_saved_message(result, province, as_of))
    return redirect(_entry_url(as_of))


def _grid_initial(regency, snapshot, previous) -> dict:
    if snapshot:
        return {"regency": regency.code, "version": snapshot.version} | {
            name: getattr(snapshot, name) for name in (*forms.GridRowForm.COUNTS, "note")}
    return {"regency": regency.code, "working_population": previous.working_population if previous else None}


def _grid_row(form, regency, snapshot, source) -> services.GridRow:
    data = form.cleaned_data
    return services.GridRow(
        regency=regency, **{name: data[name] for name in forms.GridRowForm.COUNTS}, note=data["note"],
        source=source, snapshot=snapshot, expected_version=data["version"], change_reason=data["change_reason"],
        confirm_implausible=data["confirm_implausible"],
    )


def _grid_saved_message(result, province, as_of) -> str:
    created, corrected = len(result.created), len(result.corrected)
    return _("%(province)s as of %(date)s: %(created)s, %(corrected)s.") % {
        "province": province.name, "date": date_format(as_of),
        "created": ngettext("%(n)d new snapshot", "%(n)d new snapshots", created) % {"n": created},
        "corrected": ngettext("%(n)d corrected", "%(n)d corrected", corrected) % {"n": corrected},
    }
