"""The app's URLs plus the floor of the serving benchmark: a signed-in page that does nothing else."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from ucj_site.urls import urlpatterns as site_urlpatterns


@login_required
def floor(request):
    # Every middleware runs (session, user, CSP, headers): what a page costs before it does any work.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", floor), *site_urlpatterns]
