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

from coverage import access, forms, selectors, services
from coverage.models import CoverageSnapshot


@login_required
def home(request):
    as_of = timezone.localdate()
    return render(request, "coverage/home.html", {"as_of": as_of, **selectors.national_overview(as_of=as_of)})


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
