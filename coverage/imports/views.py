"""The upload pages: a spreadsheet of figures, previewed row by row, then stored all or nothing (thin views)."""
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from coverage.imports import forms, pending, reading, services
from coverage.models import CoverageSnapshot
from coverage.places import access
from coverage.places.decorators import entry_required
from coverage.security.audit import security_event
from coverage.snapshots import batch, selectors
from coverage.web import exports
from coverage.web.parameters import warn_bad_parameters

TEMPLATE_COLUMNS = ("code", "regency", *CoverageSnapshot.FIGURES)
# The preview lists every refused, implausible or oddly dated row first, then the others, up to this many rows.
PREVIEW_ROWS = 500


@dataclass(frozen=True)
class Importer:
    """How one kind of file is read, judged (the preview, a dry run) and stored."""

    read: Callable  # (file, *, name) -> rows
    plan: Callable  # (*, rows, by, trial) -> batch.Batch
    store: Callable  # (*, plan, by, file_name, only_valid, implausible_note, approve) -> services.ImportResult


SNAPSHOTS = Importer(read=reading.read_snapshot_file, plan=services.snapshots_import_plan,
                     store=services.snapshots_import)
TARGETS = Importer(read=reading.read_target_file,
                   plan=lambda *, rows, by, trial: services.targets_import_plan(rows=rows),
                   store=lambda *, implausible_note, approve, **store: services.targets_import(**store))


@entry_required
def entry_upload(request):
    """Upload a spreadsheet of figures for the user's regencies: a template, a preview, then the confirmation."""
    template_format = request.GET.get("template")
    if template_format:
        return _upload_template(request, template_format)
    template_form = forms.TemplateForm(initial={"as_of": selectors.latest_month_end(timezone.localdate())})
    return import_page(request, template="coverage/imports/upload.html", importer=SNAPSHOTS, done=_entry_of_newest,
                       context={"template_form": template_form})


def _entry_of_newest(plan) -> str:
    """The entry home as of the newest date the file stored, where the user sees what it filled in."""
    stored = [row.values["as_of"] for row in plan.rows if row.action != batch.REFUSED and row.values.get("as_of")]
    newest = max(stored, default=None)
    return reverse("entry") + (f"?{urlencode({'as_of': newest.isoformat()})}" if newest else "")


def _upload_template(request, fmt):
    """A file to fill in: one row per regency the user may enter, dated as chosen (else the latest month end)."""
    if fmt not in exports.FORMATS:
        messages.warning(request, _("“%(value)s” is not a template format; choose CSV or XLSX.")
                         % {"value": fmt[:20]})
        return redirect("entry_upload")
    chosen = forms.TemplateForm(request.GET)
    if not chosen.is_valid():  # the page again with the reason, never a template of another date
        warn_bad_parameters(request, chosen)
        return redirect("entry_upload")
    as_of = chosen.cleaned_data["as_of"] or selectors.latest_month_end(timezone.localdate())
    regencies = list(access.enterable_regencies(request.user).order_by("code"))
    previous = selectors.previous_snapshots(regency_ids=[r.pk for r in regencies], before=as_of)
    rows = ([regency.code, regency.name, as_of, None,
             previous[regency.pk].working_population if regency.pk in previous else None, None, None, None, None,
             "", ""] for regency in regencies)
    return exports.export_response(fmt, columns=TEMPLATE_COLUMNS, rows=rows,
                                   filename=f"ucj-template-{as_of.isoformat()}", title=_("Figures to fill in"))


def import_page(request, *, template: str, importer: Importer, done: Callable, approvable: bool = False,
                context=None):
    """Upload -> preview -> confirm, shared by the field staff's page and the admin's imports.

    `done(plan)` is the address to go to once the file is stored.

    With `approvable` (the admin's snapshot import, for someone who may review) the figures may be stored approved.
    """
    kind = request.path  # a file kept for one page is never confirmed on another
    upload, confirm, plan, kept = forms.UploadForm(), forms.ConfirmForm(), None, None
    if request.method == "POST" and "confirm" in request.POST:
        kept = pending.pending(request, kind=kind)
        if kept is None:
            messages.error(request, _("The uploaded file is no longer kept: upload it again."))
            return redirect(request.path)
        confirm = forms.ConfirmForm(request.POST)
        plan = _plan_kept(request, kept, upload, importer)
        if plan is not None and confirm.is_valid() and _import_confirmed(
                request, plan, kept, confirm, importer, approve=approvable and confirm.cleaned_data["approve"]):
            return redirect(done(plan))
    elif request.method == "POST":
        upload = forms.UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            pending.keep(request, upload.cleaned_data["file"], kind=kind)
            kept = pending.pending(request, kind=kind)
            plan = _plan_kept(request, kept, upload, importer)
        else:  # no file, or one too large to be read at all
            codes = [error.code for errors in upload.errors.as_data().values() for error in errors]
            security_event(request, "upload_refused", reason=",".join(filter(None, codes)) or "invalid")
    return render(request, template, {
        "upload": upload, "confirm": confirm, "plan": plan, "file_name": kept["name"] if kept else "",
        "shown": _preview_lines(plan), "counts": _counts(plan),
        "max_megabytes": reading.MAX_UPLOAD_BYTES // (1024 * 1024), "max_rows": reading.upload_max_rows(),
        "approvable": approvable, **(context or {}),
    })


def _plan_kept(request, kept, upload, importer):
    """The preview of the kept file, or None with the reason on the upload form (and the file forgotten)."""
    try:
        with kept["path"].open("rb") as file:
            rows = importer.read(file, name=kept["name"])
    except ValidationError as refused:
        upload.add_error(None, refused)
        security_event(request, "upload_refused", file=kept["name"], reason=refused.code)
        pending.discard(request)
        return None
    confirming = "confirm" in request.POST
    # On confirmation the write itself names any row the database refuses: no second trial insert.
    plan = importer.plan(rows=rows, by=request.user, trial=not confirming)
    if not confirming:
        pending.remember(request, fingerprint=plan.fingerprint())
    return plan


def _import_confirmed(request, plan, kept, confirm, importer, *, approve: bool) -> bool:
    """Store a confirmed preview if the stored figures did not move since it was shown."""
    if plan.fingerprint() != pending.recalled(request, "fingerprint"):
        pending.remember(request, fingerprint=plan.fingerprint())
        messages.error(request, _("The stored figures changed since the preview. Look at the preview again "
                                  "and confirm it."))
        return False
    try:
        result = importer.store(
            plan=plan, by=request.user, file_name=kept["name"], only_valid=confirm.cleaned_data["only_valid"],
            implausible_note=confirm.cleaned_data["implausible_note"], approve=approve)
    except services.ImportRefused as refused:
        messages.error(request, refused.messages[0])
        security_event(request, "import_refused", file=kept["name"], reason=refused.code)
        return False
    pending.discard(request)
    security_event(request, "import_stored", file=kept["name"], created=result.created, changed=result.changed,
                   skipped=result.skipped)
    messages.success(request, _("Stored from %(name)s: %(created)s new, %(changed)s corrected, %(unchanged)s "
                                "unchanged, %(skipped)s left out.") % {
        "name": kept["name"], "created": result.created, "changed": result.changed,
        "unchanged": result.unchanged, "skipped": result.skipped})
    return True


def _counts(plan) -> dict:
    if plan is None:
        return {}
    actions = (batch.CREATE, batch.CHANGE, batch.UNCHANGED, batch.REFUSED)
    return {action: plan.count(action) for action in actions} | {"implausible": len(plan.implausible)}


def _preview_lines(plan):
    if plan is None:
        return []
    ordered = sorted(plan.rows, key=lambda line: (line.action != batch.REFUSED, not (line.warnings or line.notices),
                                                  line.line))
    return ordered[:PREVIEW_ROWS]
