"""The project's URLs plus one signed-in form page, for the tests of form recovery after a session ends."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from ucj_site.urls import urlpatterns as site_urlpatterns

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}'
    '<form method="post" id="sample">{% csrf_token %}{{ form.as_p }}<button type="submit">Save</button></form>'
    "{% endblock %}"
)
saved = []


class SampleForm(forms.Form):
    participants = forms.IntegerField()
    note = forms.CharField(required=False, widget=forms.Textarea)
    source = forms.ChoiceField(choices=[("bps", "BPS"), ("bpjs", "BPJS")])
    confirmed = forms.BooleanField(required=False)
    pin_password = forms.CharField(required=False, widget=forms.PasswordInput)


@login_required
def sample_form(request):
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved.append(form.cleaned_data)
        return HttpResponse("saved")
    return HttpResponse(PAGE.render({"form": form}, request))


urlpatterns = [path("sample-form/", sample_form, name="sample_form"), *site_urlpatterns]
