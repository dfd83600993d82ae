"""The guard of the pages where figures are entered (the form, the grid, the upload)."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from coverage.places import access


def entry_required(view):
    """Signed in, and allowed to enter figures for at least one regency; others get a 403 page that says why."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.may_use_entry(request.user):
            raise PermissionDenied(_("Only field staff can enter figures, for the regencies they are assigned to."))
        return view(request, *args, **kwargs)
    return wrapper
