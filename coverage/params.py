"""GET parameters shared by the province and regency pages: `as_of` and target `source`, checked."""
import datetime

from django.contrib import messages
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from coverage.models import FIRST_CUT_OFF, Target


def source_param(request) -> str:
    """The target source asked for, or Kemendagri (with a page message when the value is unknown)."""
    value = request.GET.get("source", "").strip()
    if value in Target.Source.values:
        return value
    if value:
        messages.warning(request, _("“%(value)s” is not a target source; Kemendagri targets are shown.") % {
            "value": value[:30]})
    return Target.Source.KEMENDAGRI


def as_of_param(request) -> datetime.date:
    """The date asked for (YYYY-MM-DD, from 2014 to today), or today with a page message when it is not usable."""
    today = timezone.localdate()
    value = request.GET.get("as_of", "").strip()
    if not value:
        return today
    try:
        as_of = parse_date(value)
    except ValueError:
        as_of = None
    if as_of is None:
        messages.warning(request, _("“%(value)s” is not a date (YYYY-MM-DD); today is used.") % {"value": value[:30]})
        return today
    if not FIRST_CUT_OFF <= as_of <= today:
        messages.warning(request, _("%(value)s is outside 2014-01-01 to today; today is used.") % {"value": value})
        return today
    return as_of
