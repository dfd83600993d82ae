"""Access matrix: every URL of the URL conf (walked, so a new page cannot be forgotten) x six kinds of user x
GET/POST, each cell's expected answer written below, and nothing stored where a request is refused. And the admin's
users and assignments x both kinds of administrator (a superuser, one who is not)."""
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import get_resolver, reverse

from coverage import roles
from coverage.api.services import api_token_create
from coverage.models import ApiToken, Assignment, CoverageSnapshot, Target
from tests.admin.posts import user_page_post
from tests.factories import SnapshotFactory, TargetFactory, UserFactory, field_staff, official, supervisor
from tests.security.test_headers import routes

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "own area", "other area", "official", "administrator", "supervisor")

# Answers. LOGIN / ADMIN_LOGIN: a redirect to that sign-in page; SAVED: a redirect after the figures were stored
# (the only cells allowed to change snapshots, targets, assignments or users); REDIRECT: any other redirect; numbers
# are status codes.
LOGIN, ADMIN_LOGIN, SAVED, REDIRECT = "login", "admin login", "saved", "redirect"

# name: {method: answers of (anonymous, field staff on own area, field staff on another area, official,
# administrator, supervisor of the own area)}. Every page of the app and of django.contrib.auth is listed; the
# admin by a sample (below).
EXPECTED = {
    "home": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "rankings": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "province_rankings": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "province_detail": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "regency_detail": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "history": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "report": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "entry": {"GET": (LOGIN, 200, 200, 403, 200, 403), "POST": (LOGIN, 200, 200, 403, 200, 403)},
    "entry_new": {"GET": (LOGIN, 200, 200, 403, 200, 403), "POST": (LOGIN, SAVED, 200, 403, SAVED, 403)},
    "entry_edit": {"GET": (LOGIN, 200, 403, 403, 200, 403), "POST": (LOGIN, SAVED, 403, 403, SAVED, 403)},
    "entry_grid": {"GET": (LOGIN, 200, 200, 403, 200, 403), "POST": (LOGIN, SAVED, 200, 403, SAVED, 403)},
    "entry_upload": {"GET": (LOGIN, 200, 200, 403, 200, 403), "POST": (LOGIN, 200, 200, 403, 200, 403)},
    "login": {"GET": (200, 200, 200, 200, 200, 200), "POST": (200, 200, 200, 200, 200, 200)},
    "logout": {"GET": (405,) * 6, "POST": (LOGIN,) * 6},
    "password_change": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "password_change_done": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 405, 405, 405, 405, 405)},
    "password_reset": {"GET": (200,) * 6, "POST": (REDIRECT,) * 6},
    "password_reset_done": {"GET": (200,) * 6, "POST": (405,) * 6},
    "password_reset_confirm": {"GET": (200,) * 6, "POST": (200,) * 6},
    "password_reset_complete": {"GET": (200,) * 6, "POST": (405,) * 6},
    # Supervisors review their places: the superuser reviews everywhere, field staff and officials never.
    "review": {"GET": (LOGIN, 403, 403, 403, 200, 200), "POST": (LOGIN, 403, 403, 403, SAVED, SAVED)},
    # Officials, supervisors and administrators see the whole country, field staff their own places; read only.
    "reporting": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN, 405, 405, 405, 405, 405)},
    "set_language": {"GET": (REDIRECT,) * 6, "POST": (REDIRECT,) * 6},
    # The account page; "own area" owns the token that is revoked (one of another user is not found).
    "profile": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": (LOGIN,) + (REDIRECT,) * 5},
    "api_token_create": {"GET": (LOGIN, 405, 405, 405, 405, 405), "POST": (LOGIN, 200, 200, 200, 200, 200)},
    "api_token_revoke": {"GET": (LOGIN, 405, 405, 405, 405, 405), "POST": (LOGIN, REDIRECT, 404, 404, 404, 404)},
    # The API: every signed-in user reads what the pages show them; signed out, 401 (PUBLIC_API is off); GET only.
    **{name: {"GET": (401, 200, 200, 200, 200, 200), "POST": (405,) * 6} for name in (
        "api:index", "api:provinces", "api:province", "api:regencies", "api:regency", "api:snapshots",
        "api:regency_ranking", "api:province_ranking", "api:targets", "api:datapackage", "api:provinces_csv",
        "api:regencies_csv", "api:history_csv", "api:targets_csv",
    )},
    # Its description and docs hold no figures: open to all.
    "api:schema": {"GET": (200,) * 6, "POST": (405,) * 6},
    "api:docs": {"GET": (200,) * 6, "POST": (405,) * 6},
}
# The admin: a sample of its pages; the rule for all of them is tested below (signed-out users and users who
# are not staff are sent to the admin's sign-in, whatever the page and method).
EXPECTED_ADMIN = {
    "admin:index": {"GET": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN),
                    "POST": (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200, ADMIN_LOGIN)},
    "admin:coverage_coveragesnapshot_changelist": {"GET": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN),
                                                   "POST": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN)},
    "admin:coverage_coveragesnapshot_change": {"GET": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN),
                                               "POST": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN)},
    "admin:coverage_target_add": {"GET": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN),
                                  "POST": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN)},
    "admin:coverage_assignment_changelist": {"GET": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN),
                                             "POST": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN)},
    "admin:auth_user_change": {"GET": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN),
                               "POST": (ADMIN_LOGIN,) * 4 + (200, ADMIN_LOGIN)},
    # Signed in but not staff: the admin's sign-in says so and offers another account; its sign-out sends
    # them to the admin's index (and so to its sign-in).
    "admin:login": {"GET": (200, 200, 200, 200, REDIRECT, 200), "POST": (200,) * 6},
    "admin:logout": {"GET": (REDIRECT,) * 4 + (405, REDIRECT), "POST": (REDIRECT,) * 4 + (LOGIN, REDIRECT)},
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
    field_staff(places=[lombok_barat], username="staff_other")
    official(username="official_matrix")
    supervisor(places=[bali], username="supervisor_matrix")
    api_token_create(user=staff, name="matrix", created_by=staff)
    user = get_user_model()
    user.objects.create_superuser("admin_matrix", "admin@example.org", "a-long-test-password")
    # An administrator who is not a superuser, of 52.01 only (see EXPECTED_REACH), and a user with nothing yet.
    group_administrator = field_staff(places=[lombok_barat], username="admin_52_01")
    group_administrator.is_staff = True
    group_administrator.save()
    group_administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    UserFactory(username="newcomer")
    return {
        "anonymous": None, "own area": staff, "other area": user.objects.get(username="staff_other"),
        "official": user.objects.get(username="official_matrix"),
        "administrator": user.objects.get(username="admin_matrix"), "group administrator": group_administrator,
        "supervisor": user.objects.get(username="supervisor_matrix"),
    }


def url_of(name, snapshot):
    """The URL asked for each name: sample values for its parameters (a Bali code, the Badung snapshot)."""
    samples = {
        "province_detail": {"code": "51"}, "regency_detail": {"code": "51.03"}, "entry_edit": {"pk": snapshot.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "api:province": {"code": "51"}, "api:regency": {"code": "51.03"},
        "api_token_revoke": {"pk": ApiToken.objects.get(user__username="staff_own").pk},
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
    if name == "review":  # approve the Badung figure (typed by nobody here, so four eyes never refuses)
        return {"action": "approve", "snapshot": f"{snapshot.pk}:{snapshot.version}"}
    if name.startswith("admin:"):  # ids where the admin's forms take ids (codes: see the test at the end)
        return {"username": "nobody", "password": "not-the-password", "regency": "1", "province": "1",
                "as_of": AS_OF_NEW, "participants": "1", "working_population": "2", "year": "2025",
                "percent": "70", "user": "1"}
    return {"username": "nobody", "password": "not-the-password", "email": "nobody@example.org", "name": "matrix",
            "old_password": "x", "new_password1": "x", "new_password2": "x", "language": "en",
            "regency": "51.03", "as_of": AS_OF_NEW, "participants": "1", "working_population": "2",
            "province": "51", "year": "2025", "percent": "70", "user": "1"}


def stored():
    """Snapshots, targets and assignments, every value, the snapshots' history; users' accounts and groups."""
    user = get_user_model()
    return (
        list(CoverageSnapshot.objects.order_by("pk").values()),
        list(Target.objects.order_by("pk").values()),
        list(Assignment.objects.order_by("pk").values()),
        CoverageSnapshot.history.count(),
        list(user.objects.order_by("pk").values("username", "first_name", "password", "is_staff", "is_superuser")),
        list(user.groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
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
    problems = []
    for name, methods in cells.items():
        url = url_of(name, snapshot)
        for method, answers in methods.items():
            problems += problem(client, people[role], role, method, url, payload(name, snapshot),
                                answers[ROLES.index(role)])
    return problems


def problem(client, user, role, method, url, data, expected):
    """One cell: [] if it answers as expected (and changes stored data only where SAVED), else what went wrong."""
    response, changed = ask(client, user, method, url, data)
    got = answer(response, changed)
    if got != expected:
        return [f"{method} {url} as {role}: expected {expected}, got {got}"]
    if changed and expected != SAVED:
        return [f"{method} {url} as {role}: answered {got} but changed stored data"]
    return []


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


@pytest.mark.parametrize("role", ["anonymous", "own area", "other area", "official", "supervisor"])
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


# The admin's users and assignments, for both kinds of administrator: (a superuser, an administrator who is not,
# in the groups "Administrators" and "Field staff", assigned to 52.01 only). Within the latter's reach:
# "staff_other" (field staff in 52.01), "newcomer" (no place, no group); beyond it: "staff_own" (Bali). Forms are
# valid, so that only reach refuses: 403, or 200 (the form shown again with the reason, nothing stored).
ADMINISTRATORS = ("administrator", "group administrator")
EXPECTED_REACH = {
    "the user list": {"GET": (200, 200)},
    "the user page of staff_other": {"GET": (200, 200), "POST": (SAVED, SAVED)},
    "the user page of staff_own": {"GET": (200, 200), "POST": (SAVED, 403)},  # shown read only
    "the password of staff_other": {"GET": (200, 200), "POST": (SAVED, SAVED)},
    "the password of staff_own": {"GET": (200, 403), "POST": (SAVED, 403)},
    "the group Officials for staff_other": {"POST": (SAVED, 200)},
    "Bali for oneself, on one's user page": {"POST": (SAVED, 200)},
    "Bali for oneself": {"GET": (200, 200), "POST": (SAVED, 200)},
    "52.01 for newcomer": {"POST": (SAVED, SAVED)},
    "52.01 for staff_own": {"POST": (SAVED, 200)},
    "the assignment list": {"GET": (200, 200)},
    "staff_own's assignment": {"GET": (200, 200), "POST": (SAVED, 403)},  # shown read only
    "deleting staff_own's assignment": {"GET": (200, 403), "POST": (SAVED, 403)},
    "deleting staff_other's assignment": {"GET": (200, 200), "POST": (SAVED, SAVED)},
}


def reach_request(row, asker, bali, badung, lombok_barat):
    """The URL and the form of a row of EXPECTED_REACH, asked by `asker`."""
    someone = {name: get_user_model().objects.get(username=name) for name in ("staff_own", "staff_other", "newcomer")}
    own, other = (Assignment.objects.get(user=someone[name]) for name in ("staff_own", "staff_other"))
    new_password = {"password1": "a-new-long-password-1", "password2": "a-new-long-password-1"}
    requests = {
        "the user list": ("admin:auth_user_changelist", None, {}),
        "the user page of staff_other": ("admin:auth_user_change", someone["staff_other"].pk,
                                         user_page_post(someone["staff_other"], first_name="Changed")),
        "the user page of staff_own": ("admin:auth_user_change", someone["staff_own"].pk,
                                       user_page_post(someone["staff_own"], first_name="Changed")),
        "the password of staff_other": ("admin:auth_user_password_change", someone["staff_other"].pk, new_password),
        "the password of staff_own": ("admin:auth_user_password_change", someone["staff_own"].pk, new_password),
        "the group Officials for staff_other": (
            "admin:auth_user_change", someone["staff_other"].pk,
            user_page_post(someone["staff_other"], groups=Group.objects.filter(
                name__in=[roles.FIELD_STAFF, roles.OFFICIALS]))),
        "Bali for oneself, on one's user page": ("admin:auth_user_change", asker.pk,
                                                 user_page_post(asker, new_places=[bali])),
        "Bali for oneself": ("admin:coverage_assignment_add", None,
                             {"user": asker.pk, "province": bali.pk, "regency": ""}),
        "52.01 for newcomer": ("admin:coverage_assignment_add", None,
                               {"user": someone["newcomer"].pk, "province": "", "regency": lombok_barat.pk}),
        "52.01 for staff_own": ("admin:coverage_assignment_add", None,
                                {"user": someone["staff_own"].pk, "province": "", "regency": lombok_barat.pk}),
        "the assignment list": ("admin:coverage_assignment_changelist", None, {}),
        "staff_own's assignment": ("admin:coverage_assignment_change", own.pk,
                                   {"user": someone["staff_own"].pk, "province": "", "regency": badung.pk}),
        "deleting staff_own's assignment": ("admin:coverage_assignment_delete", own.pk, {"post": "yes"}),
        "deleting staff_other's assignment": ("admin:coverage_assignment_delete", other.pk, {"post": "yes"}),
    }
    name, pk, data = requests[row]
    return reverse(name, args=[pk] if pk else None), data


@pytest.mark.parametrize("role", ADMINISTRATORS)
def test_the_admin_of_users_and_assignments_answers_each_administrator_as_the_table_says(
    client, people, role, bali, badung, lombok_barat
):
    """A non-superuser administrator hands out only places and groups of their own, and changes (or sets the
    password of) only users within their reach; a superuser does all."""
    asker = people[role]
    problems = []
    for row, methods in EXPECTED_REACH.items():
        url, data = reach_request(row, asker, bali, badung, lombok_barat)
        for method, answers in methods.items():
            problems += problem(client, asker, role, method, url, data, answers[ADMINISTRATORS.index(role)])
    assert not problems, "\n".join(problems)
