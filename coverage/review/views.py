"""`/review/`: what awaits the supervisor's review, and approving, returning and reopening figures."""
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coverage.models import CoverageSnapshot
from coverage.places import access
from coverage.reporting.deadlines import deadline_of
from coverage.review import forms, selectors, services
from coverage.security import audit
from coverage.snapshots.selectors import latest_month_end
from coverage.web.parameters import parameters_or_defaults


def review_required(view):
    """Signed in, and a supervisor of at least one place; others get a 403 page that says why."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.may_review(request.user):
            raise PermissionDenied(_("Only supervisors review figures, for the places they are assigned to."))
        return view(request, *args, **kwargs)
    return wrapper


@review_required
def review(request):
    """The awaiting figures of one province and cut-off, with what the supervisor may do with them."""
    counts = list(selectors.awaiting_counts(request.user))
    choice = forms.ReviewChoiceForm(request.GET, user=request.user)
    first = counts[0] if counts else None
    chosen = parameters_or_defaults(request, choice, {
        "province": choice.fields["province"].queryset.filter(
            code=first["regency__province__code"]).first() if first else choice.fields["province"].queryset.first(),
        "as_of": first["as_of"] if first else latest_month_end(),
    })
    action = forms.ReviewActionForm(request.POST or None)
    if request.method == "POST":
        if _acted(request, action):
            query = urlencode({"province": chosen["province"].code, "as_of": chosen["as_of"].isoformat()})
            return redirect(f"{reverse('review')}?{query}")
        audit.security_event(request, "review_refused", action=request.POST.get("action", "")[:10])
    rows = {status: selectors.review_rows(user=request.user, province=chosen["province"], as_of=chosen["as_of"],
                                          status=status)
            for status in (CoverageSnapshot.Status.SUBMITTED, CoverageSnapshot.Status.APPROVED)}
    return render(request, "coverage/review/review.html", {
        "counts": counts, "province": chosen["province"], "as_of": chosen["as_of"],
        "deadline": deadline_of(chosen["as_of"]),
        "provinces": choice.fields["province"].queryset, "action": action,
        "awaiting": rows[CoverageSnapshot.Status.SUBMITTED], "approved": rows[CoverageSnapshot.Status.APPROVED],
    })


def _acted(request, action) -> bool:
    """Carry out a posted review; False, with the reasons as messages, when nothing was changed."""
    if not action.is_valid():
        for errors in action.errors.values():
            for error in errors:
                messages.error(request, error)
        return False
    data = action.cleaned_data
    try:
        if data["action"] == action.APPROVE:
            done = services.snapshots_approve(reviewed=data["snapshot"], by=request.user)
            messages.success(request, ngettext("%(n)d figure approved.", "%(n)d figures approved.", len(done))
                             % {"n": len(done)})
        elif data["action"] == action.RETURN:
            done = services.snapshot_return(reviewed=data["snapshot"][0], by=request.user, comment=data["comment"])
            messages.success(request, _("%(regency)s returned to field staff with your comment.")
                             % {"regency": done.regency.name})
        else:
            done = services.snapshot_reopen(reviewed=data["snapshot"][0], by=request.user, comment=data["comment"])
            messages.success(request, _("%(regency)s reopened: it can be corrected, and awaits review again.")
                             % {"regency": done.regency.name})
    except services.ReviewRefused as refused:
        messages.error(request, _("Nothing was changed."))
        for message in refused.messages:
            messages.error(request, message)
        return False
    return True
