"""Access matrix: every URL of the URL conf (walked, so a new page cannot be forgotten) x five kinds of user x
GET/POST, each cell's expected answer written below, and nothing stored where a request is refused."""
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import get_resolver, reverse

from coverage.api.services import api_token_create
from coverage.models import ApiToken, Assignment, CoverageSnapshot, Target
from tests.factories import SnapshotFactory, TargetFactory, field_staff, official
from tests.security.test_headers import routes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "own area", "other area", "official", "administrator")

# Answers. LOGIN / ADMIN_LOGIN: a redirect to that sign-in page; SAVED: a redirect after the figures were stored
# (the only cells allowed to change snapshots, targets or assignments); REDIRECT: any other redirect; numbers
# are status codes.
LOGIN, ADMIN_LOGIN, SAVED, REDIRECT = "login", "admin login", "saved", "redirect"

# name: {method: answers of (anonymous, field staff on own area, field staff on another area, official,
# administrator)}. Every page of the app and of django.contrib.auth is listed; the admin by a sample (below).
EXPECTED = {
    "home": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "rankings": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "province_rankings": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "province_detail": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "regency_detail": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "history": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "entry": {"GET": (LOGIN, 200, 200, 403, 200), "POST": (LOGIN, 200, 200, 403, 200)},
    "entry_new": {"GET": (LOGIN, 200, 200, 403, 200), "POST": (LOGIN, SAVED, 200, 403, SAVED)},
    "entry_edit": {"GET": (LOGIN, 200, 403, 403, 200), "POST": (LOGIN, SAVED, 403, 403, SAVED)},
    "entry_grid": {"GET": (LOGIN, 200, 200, 403, 200), "POST": (LOGIN, SAVED, 200, 403, SAVED)},
    "entry_upload": {"GET": (LOGIN, 200, 200, 403, 200), "POST": (LOGIN, 200, 200, 403, 200)},
    "login": {"GET": (200, 200, 200, 200, 200), "POST": (200, 200, 200, 200, 200)},
    "logout": {"GET": (405,) * 5, "POST": (LOGIN,) * 5},
    "password_change": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200)},
    "password_change_done": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 405, 405, 405, 405)},
    "password_reset": {"GET": (200,) * 5, "POST": (REDIRECT,) * 5},
    "password_reset_done": {"GET": (200,) * 5, "POST": (405,) * 5},
    "password_reset_confirm": {"GET": (200,) * 5, "POST": (200,) * 5},
    "password_reset_complete": {"GET": (200,) * 5, "POST": (405,) * 5},
    "set_language": {"GET": (REDIRECT,) * 5, "POST": (REDIRECT,) * 5},
    # The account page; "own area" owns the token that is revoked (one of another user is not found).
    "profile": {"GET": (LOGIN, 200, 200, 200, 200), "POST": (LOGIN, 405, 405, 405, 405)},
    "api_token_create": {"GET": (LOGIN, 405, 405, 405, 405), "POST": (LOGIN, 200, 200, 200, 200)},
    "api_token_revoke": {"GET": (LOGIN, 405, 405, 405, 405), "POST": (LOGIN, REDIRECT, 404, 404, 404)},
    # The API: every signed-in user reads what the pages show them; signed out, 401 (PUBLIC_API is off); GET only.
    **{name: {"GET": (401, 200, 200, 200, 200), "POST": (405,) * 5} for name in (
        "api:index", "api:provinces", "api:province", "api:regencies", "api:regency", "api:snapshots",
        "api:regency_ranking", "api:province_ranking", "api:targets", "api:datapackage", "api:provinces_csv",
        "api:regencies_csv", "api:history_csv", "api:targets_csv",
    )},
    # Its description and docs hold no figures: open to all.
    "api:schema": {"GET": (200,) * 5, "POST": (405,) * 5},
    "api:docs": {"GET": (200,) * 5, "POST": (405,) * 5},
}
# The admin: a sample of its pages; the rule for all of them is tested below (signed-out users and users who
# are not staff are sent to the admin's sign-in, whatever the page and method).
EXPECTED_ADMIN = {
    "admin:index": {"GET": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
                    "POST": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)},
    "admin:coverage_coveragesnapshot_changelist": {"GET": (ADMIN_LOGIN,) * 4 + (200,),
                                                   "POST": (ADMIN_LOGIN,) * 4 + (200,)},
    "admin:coverage_coveragesnapshot_change": {"GET": (ADMIN_LOGIN,) * 4 + (200,),
                                               "POST": (ADMIN_LOGIN,) * 4 + (200,)},
    "admin:coverage_target_add": {"GET": (ADMIN_LOGIN,) * 4 + (200,), "POST": (ADMIN_LOGIN,) * 4 + (200,)},
    "admin:coverage_assignment_changelist": {"GET": (ADMIN_LOGIN,) * 4 + (200,),
                                             "POST": (ADMIN_LOGIN,) * 4 + (200,)},
    "admin:auth_user_change": {"GET": (ADMIN_LOGIN,) * 4 + (200,), "POST": (ADMIN_LOGIN,) * 4 + (200,)},
    # Signed in but not staff: the admin's sign-in says so and offers another account; its sign-out sends
    # them to the admin's index (and so to its sign-in).
    "admin:login": {"GET": (200, 200, 200, 200, REDIRECT), "POST": (200,) * 5},
    "admin:logout": {"GET": (REDIRECT,) * 4 + (405,), "POST": (REDIRECT,) * 4 + (LOGIN,)},
}
# The admin pages that a signed-out user or a user who is not staff may reach (its sign-in and sign-out).
ADMIN_OPEN = {"admin:login", "admin:logout"}

AS_OF_NEW = "2025-04-30"
GRID_AS_OF = "2025-05-31"


def app_names():
    """Qualified names of every URL pattern except the admin's; unnamed ones are listed by their route."""
    return sorted({name for _route, _pattern, name in routes(get_resolver().url_patterns)
                   if not name.startswith("admin:")})


def admin_names():
    return sorted({name for _route, _pattern, name in routes(get_resolver().url_patterns) if name.startswith("admin:")})


@pytest.fixture
def places(bali, badung, bangli, ntb, lombok_barat):
    """A snapshot and targets in Bali (the own area) and NTB (the other area); a second regency in Bali."""
    snapshot = SnapshotFactory(regency=badung, source="BPJS")
    SnapshotFactory(regency=lombok_barat)
    TargetFactory(province=bali)
    TargetFactory(province=None, regency=badung, percent="65.00")
    return {"snapshot": snapshot}


@pytest.fixture
def people(db, places, bali, lombok_barat):
    staff = field_staff(places=[bali], username="staff_own")
    api_token_create(user=staff, name="matrix", created_by=staff)
    field_staff(places=[lombok_barat], username="staff_other")
    official(username="official_matrix")
    user = get_user_model()
    user.objects.create_superuser("admin_matrix", "admin@example.org", "a-long-test-password")
    return {
        "anonymous": None, "own area": staff, "other area": user.objects.get(username="staff_other"),
        "official": user.objects.get(username="official_matrix"),
        "administrator": user.objects.get(username="admin_matrix"),
    }


def url_of(name, snapshot):
    """The URL asked for each name: sample values for its parameters (a Bali code, the Badung snapshot)."""
    samples = {
        "province_detail": {"code": "51"}, "regency_detail": {"code": "51.03"}, "entry_edit": {"pk": snapshot.pk},
        "api:province": {"code": "51"}, "api:regency": {"code": "51.03"},
        "api_token_revoke": {"pk": ApiToken.objects.get(user__username="staff_own").pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "admin:coverage_coveragesnapshot_change": {"object_id": snapshot.pk},
        "admin:auth_user_change": {"object_id": get_user_model().objects.get(username="staff_own").pk},
    }
    url = reverse(name, kwargs=samples.get(name))
    return url + f"?province=51&as_of={GRID_AS_OF}" if name == "entry_grid" else url


def payload(name, snapshot):
    """What is posted: valid figures for the entry pages (so only access can refuse), a plain form elsewhere."""
    figures = {"as_of": AS_OF_NEW, "participants": "510", "working_population": "1000", "source": "BPJS"}
    if name == "entry_new":
        return {"regency": "51.03", **figures}
    if name == "entry_edit":
        return {**figures, "as_of": snapshot.as_of.isoformat(), "version": snapshot.version,
                "change_reason": "typo"}
    if name == "entry_grid":
        rows = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "form-MIN_NUM_FORMS": "0",
                "form-MAX_NUM_FORMS": "1000", "source": "BPJS"}
        rows |= {"form-0-regency": "51.03", "form-0-participants": "520", "form-0-working_population": "1000"}
        rows |= {"form-1-regency": "51.06", "form-1-participants": "", "form-1-working_population": ""}
        return rows
    if name.startswith("admin:"):  # ids where the admin's forms take ids (codes: see the test at the end)
        return {"username": "nobody", "password": "not-the-password", "regency": "1", "province": "1",
                "as_of": AS_OF_NEW, "participants": "1", "working_population": "2", "year": "2025",
                "percent": "70", "user": "1"}
    return {"username": "nobody", "password": "not-the-password", "email": "nobody@example.org", "name": "matrix",
            "old_password": "x", "new_password1": "x", "new_password2": "x", "language": "en",
            "regency": "51.03", "as_of": AS_OF_NEW, "participants": "1", "working_population": "2",
            "province": "51", "year": "2025", "percent": "70", "user": "1"}


def stored():
    """Snapshots, targets and assignments, every value, and the snapshots' history."""
    return (
        list(CoverageSnapshot.objects.order_by("pk").values()),
        list(Target.objects.order_by("pk").values()),
        list(Assignment.objects.order_by("pk").values()),
        CoverageSnapshot.history.count(),
    )


def answer(response, state_changed):
    status = response.status_code
    if status != 302:
        return status
    location = response["Location"]
    if location.startswith("/accounts/login/"):
        return LOGIN
    if location.startswith("/admin/login/"):
        return ADMIN_LOGIN
    return SAVED if state_changed else REDIRECT


def ask(client, user, method, url, data):
    """One request, rolled back afterwards so that every cell starts from the same data (and signed in again:
    a sign-out in an earlier cell cleared the client's cookie)."""
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = stored()
        response = client.get(url) if method == "GET" else client.post(url, data)
        after = stored()
        transaction.set_rollback(True)
    return response, after != before


def check(client, people, role, cells, snapshot):
    user = people[role]
    problems = []
    for name, methods in cells.items():
        url = url_of(name, snapshot)
        for method, answers in methods.items():
            expected = answers[ROLES.index(role)]
            response, changed = ask(client, user, method, url, payload(name, snapshot))
            got = answer(response, changed)
            if got != expected:
                problems.append(f"{method} {url} as {role}: expected {expected}, got {got}")
            elif changed and expected != SAVED:
                problems.append(f"{method} {url} as {role}: answered {got} but changed stored data")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_kind_of_user_as_the_table_says(client, people, places, role):
    problems = check(client, people, role, EXPECTED, places["snapshot"])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_sample_answers_each_kind_of_user_as_the_table_says(client, people, places, role):
    problems = check(client, people, role, EXPECTED_ADMIN, places["snapshot"])
    assert not problems, "\n".join(problems)


def test_every_page_of_the_url_conf_is_in_the_table():
    missing = [name for name in app_names() if name not in EXPECTED]
    assert not missing, (f"pages without an expected answer: {missing}; add a row for each to EXPECTED in "
                         f"{__name__} (and sample parameter values to url_of if the page takes any)")
    gone = sorted((set(EXPECTED) - set(app_names())) | (set(EXPECTED_ADMIN) - set(admin_names())))
    assert not gone, f"rows of the table for pages that no longer exist: {gone}"


# Parameters of the admin's URLs: an app's name, else "1" (an object id, a history id, a content type).
ADMIN_SAMPLES = {"app_label": "coverage", "url": "anything"}


def filled(route):
    """A route of the URL conf (path converters and regular expressions mixed) with sample values put in."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: ADMIN_SAMPLES.get(m.group(1), "1"), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_SAMPLES.get(m.group(1), "1"), route)
    route = re.sub(r"\([^)]*\)", "1", route)
    return "/" + re.sub(r"[\^$]|\\Z", "", route).replace("\\", "")


def admin_urls():
    """Every admin URL but its sign-in and sign-out, parameters filled with sample values."""
    return [filled(route) for route, _pattern, name in routes(get_resolver().url_patterns)
            if name.startswith("admin:") and name not in ADMIN_OPEN]


@pytest.mark.parametrize("role", ["anonymous", "own area", "other area", "official"])
def test_no_admin_page_lets_in_anyone_who_is_not_staff(client, people, places, role):
    """The rule for the whole admin: every page, GET and POST, sends these users to the admin's sign-in."""
    urls = admin_urls()
    assert len(urls) > 20 and "/admin/coverage/coveragesnapshot/1/delete/" in urls
    problems = []
    for url in urls:
        for method in ("GET", "POST"):
            response, changed = ask(client, people[role], method, url, payload("admin", places["snapshot"]))
            got = answer(response, changed)
            if got != ADMIN_LOGIN or changed:
                problems.append(f"{method} {url} as {role}: expected {ADMIN_LOGIN}, got {got}"
                                + (" and stored data changed" if changed else ""))
    assert not problems, "\n".join(problems)


def test_the_matrix_uses_every_kind_of_user(people):
    assert people["own area"].has_perm("coverage.add_coveragesnapshot")
    assert not people["official"].is_staff and not people["own area"].is_staff
    assert apps.get_model("coverage", "Assignment").objects.filter(user=people["other area"]).exists()


@pytest.mark.parametrize("url_name, data", [
    ("admin:coverage_target_add", {"regency": "51.03", "year": "2025"}),
    ("admin:coverage_coveragesnapshot_add", {"regency": "51.03", "as_of": AS_OF_NEW}),
    ("admin:coverage_assignment_add", {"user": "petugas", "province": "51"}),
])
def test_an_admin_form_posted_with_a_code_where_an_id_belongs_is_answered_with_the_form(
    client, people, places, url_name, data
):
    client.force_login(people["administrator"])
    before = stored()
    response = client.post(reverse(url_name), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert stored() == before
