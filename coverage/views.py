"""Thin views: parse the request, call a selector or a service, render."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from coverage import selectors


@login_required
def home(request):
    as_of = timezone.localdate()
    return render(request, "coverage/home.html", {"as_of": as_of, **selectors.national_overview(as_of=as_of)})


def entry(request):
    pass


entry_new = entry_edit = entry_grid = entry
