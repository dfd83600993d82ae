"""The field staff's pages: their home, one new figure, a correction, and the grid of a province."""
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coverage import reasons, roles
from coverage.entry import forms, selectors, services
from coverage.models import CoverageSnapshot
from coverage.places import access
from coverage.places.decorators import entry_required
from coverage.reporting.deadlines import deadline_of
from coverage.security import audit
from coverage.snapshots import rules
from coverage.snapshots import services as snapshots
from coverage.snapshots.revisions import snapshot_revisions
from coverage.snapshots.selectors import latest_month_end, previous_snapshot, previous_snapshots, snapshots_on
from coverage.web.parameters import parameters_or_defaults

# A province missing more regencies than this at a month-end is summed up with a link to its grid, not listed.
BACKLOG_NAMES_SHOWN = 10


def _entry_url(as_of) -> str:
    return f"{reverse('entry')}?{urlencode({'as_of': as_of.isoformat()})}"


def _saved_message(snapshot) -> str:
    return format_html(
        _("Saved {regency} as of {date}: {participants} of {working_population} ({coverage}%). "
          "<a href=\"{url}\">See the regency</a>."),
        regency=snapshot.regency.name, date=date_format(snapshot.as_of, "j F Y"),
        url=snapshot.regency.get_absolute_url(),
        participants=localize(snapshot.participants), working_population=localize(snapshot.working_population),
        coverage=localize(snapshot.coverage_percent),
    )


class SignInView(auth_views.LoginView):
    """Django's sign-in; without a `next`, field staff land on their own page, where their work is."""

    def get_default_redirect_url(self):
        if self.request.user.groups.filter(name=roles.FIELD_STAFF).exists():
            return reverse("entry")
        return super().get_default_redirect_url()


@entry_required
def entry(request):
    """The field staff's home: their regencies, and which of them have figures for a cut-off date."""
    latest_cut_off = latest_month_end()
    chosen = parameters_or_defaults(request, forms.AsOfForm(request.GET), {"as_of": latest_cut_off})
    regencies = access.enterable_regencies(request.user)
    groups = selectors.entry_status(regencies=regencies, as_of=chosen["as_of"])
    return render(request, "coverage/entry/home.html", {
        "as_of": chosen["as_of"], "latest_cut_off": latest_cut_off, "groups": groups,
        "deadline": deadline_of(chosen["as_of"]),
        "returned": selectors.returned_snapshots(regencies=regencies),
        "backlog": selectors.entry_backlog(regencies=regencies, through=latest_cut_off),
        "backlog_since": selectors.backlog_start(latest_cut_off), "names_shown": BACKLOG_NAMES_SHOWN,
        "assignments": access.assignments_of(request.user),
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
            snapshot = snapshots.snapshot_record(
                regency=form.cleaned_data["regency"], by=request.user,
                change_reason=reasons.coded(reasons.ENTERED_IN_FORM),
                confirm_implausible=form.cleaned_data["confirm_implausible"],
                confirm_cut_off=form.cleaned_data["confirm_cut_off"], **figures,
            )
        except ValidationError as error:
            forms.add_refusal(form, error)
        else:
            messages.success(request, _saved_message(snapshot))
            return redirect(_entry_url(snapshot.as_of))
    if form.errors:
        audit.write_refused(request, "record", form.errors.as_data(), regency=form.data.get("regency", ""))
    return render(request, "coverage/entry/new.html", {"form": form})


def _new_initial(request) -> dict:
    """From the entry home's links: the regency and date, and the working population of the previous snapshot."""
    initial = parameters_or_defaults(request, forms.SnapshotForm(request.GET, user=request.user),
                                             {"regency": None, "as_of": latest_month_end()})
    if initial["regency"]:
        previous = previous_snapshot(regency=initial["regency"], before=initial["as_of"])
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
    initial = {name: getattr(snapshot, name) for name in CoverageSnapshot.FIGURES} | {"version": snapshot.version}
    form = forms.CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            corrected = snapshots.snapshot_correct(
                snapshot=snapshot, changes=form.figures(), by=request.user, reason=form.cleaned_data["change_reason"],
                expected_version=form.cleaned_data["version"],
                confirm_implausible=form.cleaned_data["confirm_implausible"],
                confirm_cut_off=form.cleaned_data["confirm_cut_off"],
            )
        except ValidationError as error:
            forms.add_refusal(form, error)
        else:
            audit.security_event(request, "snapshot_corrected", snapshot=corrected.pk,
                                 regency=snapshot.regency.code, version=corrected.version)
            messages.success(request, _saved_message(corrected))
            return redirect(_entry_url(corrected.as_of))
    if form.errors:
        audit.write_refused(request, "correct", form.errors.as_data(), snapshot=snapshot.pk,
                            regency=snapshot.regency.code)
    locked = snapshot.status == CoverageSnapshot.Status.APPROVED
    return render(request, "coverage/entry/edit.html", {
        "form": form, "snapshot": snapshot, "revisions": snapshot_revisions(snapshot),
        "locked": locked, "reopeners": access.reviewers_of(snapshot.regency) if locked else (),
    })


@entry_required
def entry_grid(request):
    """All the regencies of a province that the user may enter, for one cut-off date, in one form."""
    choice = forms.GridChoiceForm(request.GET, user=request.user)
    provinces = choice.fields["province"].queryset
    chosen = parameters_or_defaults(request, choice, {"province": provinces.first(),
                                                              "as_of": latest_month_end()})
    province, as_of = chosen["province"], chosen["as_of"]
    regencies = list(access.enterable_regencies(request.user).filter(province=province).order_by("code"))
    ids = [regency.pk for regency in regencies]
    stored = snapshots_on(regency_ids=ids, as_of=as_of)
    previous = previous_snapshots(regency_ids=ids, before=as_of)
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
        "corrections": bool(stored), "month_end": rules.is_month_end(as_of),
    })


def _grid_post(request, formset, source, regencies, stored, province, as_of):
    """Store the filled rows of a posted grid, or put every row's problem on it; a redirect when stored."""
    rows_valid = formset.is_valid()
    if not source.is_valid() or formset.non_form_errors():
        messages.error(request, _("Some rows need attention; nothing was stored."))
        return None
    filled = [(form, regency) for form, regency in zip(formset.forms, regencies, strict=True)
              if form.has_changed() and not form.errors]
    rows = [_grid_row(form, regency, source.cleaned_data["source"]) for form, regency in filled]
    if rows_valid and not rows:
        messages.info(request, _("Nothing to save: every row was left as it was."))
        return None
    confirmed = source.cleaned_data["confirm_cut_off"]
    try:
        if rows_valid:
            result = services.grid_save(as_of=as_of, rows=rows, by=request.user,
                                        reason=reasons.coded(reasons.ENTERED_IN_GRID), confirm_cut_off=confirmed)
        else:  # typing errors: check the other rows too, so that every problem shows at once
            services.grid_check(as_of=as_of, rows=rows, by=request.user)
    except services.GridRowErrors as refusal:
        for index, error in refusal.rows.items():
            forms.add_refusal(filled[index][0], error)
    except ValidationError as refusal:  # the grid's date, not a month's end, was not confirmed
        messages.error(request, refusal.messages[0])
        return None
    refused = sum(1 for form in formset.forms if form.errors)
    if refused:
        audit.write_refused(request, "grid", *(form.errors.as_data() for form in formset.forms),
                            province=province.code, as_of=as_of.isoformat(), rows=refused)
        messages.error(request, ngettext("%(count)d row was refused; nothing was stored.",
                                         "%(count)d rows were refused; nothing was stored.", refused)
                       % {"count": refused})
        return None
    codes = {regency.pk: regency.code for regency in regencies}
    for corrected in result.corrected:
        audit.security_event(request, "snapshot_corrected", snapshot=corrected.pk,
                             regency=codes[corrected.regency_id], version=corrected.version)
    messages.success(request, _grid_saved_message(result, province, as_of))
    return redirect(_entry_url(as_of))


def _grid_initial(regency, snapshot, previous) -> dict:
    if snapshot:
        return {"regency": regency.code, "version": snapshot.version} | {
            name: getattr(snapshot, name) for name in (*CoverageSnapshot.COUNTS, "note")}
    return {"regency": regency.code, "working_population": previous.working_population if previous else None}


def _grid_row(form, regency, source) -> services.GridRow:
    data = form.cleaned_data
    return services.GridRow(
        regency=regency, **{name: data[name] for name in CoverageSnapshot.COUNTS}, note=data["note"],
        source=source, expected_version=data["version"], change_reason=data["change_reason"],
        confirm_implausible=data["confirm_implausible"],
    )


def _grid_saved_message(result, province, as_of) -> str:
    created, corrected = len(result.created), len(result.corrected)
    return _("%(province)s as of %(date)s: %(created)s, %(corrected)s.") % {
        "province": province.name, "date": date_format(as_of, "j F Y"),
        "created": ngettext("%(n)d new snapshot", "%(n)d new snapshots", created) % {"n": created},
        "corrected": ngettext("%(n)d corrected", "%(n)d corrected", corrected) % {"n": corrected},
    }
