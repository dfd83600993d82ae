"""Who may enter, review and hand out what: superusers everywhere, field staff and supervisors where assigned,
officials never; an administrator hands out only the places and groups they have (their reach)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet

from coverage.models import Assignment, Province, Regency

RECORD = "coverage.add_coveragesnapshot"
CORRECT = "coverage.change_coveragesnapshot"
REVIEW = "coverage.review_coveragesnapshot"


def regencies_assigned_to(user) -> QuerySet[Regency]:
    """The regencies of a user's Assignments: assigned directly or through their province."""
    if not user.is_authenticated:
        return Regency.objects.none()
    return Regency.objects.filter(
        Q(assignments__user=user) | Q(province__assignments__user=user)
    ).distinct().select_related("province")


def assignments_of(user) -> QuerySet:
    """The places a user is assigned to, provinces first."""
    return user.assignments.select_related("province", "regency").order_by("regency", "province__code",
                                                                           "regency__code")


def enterable_regencies(user, *, permission: str = RECORD) -> QuerySet[Regency]:
    """The regencies `user` may record (or, with CORRECT, correct) snapshots for.

    The permission comes from the user's group ("Field staff") or from being a superuser; the place
    comes from an Assignment. Officials have neither the permission nor, usually, an assignment.
    """
    if not user.is_authenticated or not user.has_perm(permission):
        return Regency.objects.none()
    if user.is_superuser:
        return Regency.objects.select_related("province")
    return regencies_assigned_to(user)


def reviewable_regencies(user) -> QuerySet[Regency]:
    """The regencies whose figures `user` may approve, return and reopen: supervisors' assigned places."""
    return enterable_regencies(user, permission=REVIEW)


def may_review(user) -> bool:
    """Whether the review page has anything for `user` (drives the nav link and the 403 of /review/)."""
    return reviewable_regencies(user).exists()


def reviewers_of(regency) -> QuerySet:
    """Who may reopen an approved figure of `regency` (supervisors assigned to it or to its province)."""
    User = get_user_model()
    codename = REVIEW.split(".")[1]
    supervisors = User.objects.filter(
        Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename),
        Q(assignments__regency=regency) | Q(assignments__province=regency.province_id),
        is_active=True,
    )
    return supervisors.distinct().order_by("username")


def followed_regencies(user) -> QuerySet[Regency]:
    """The regencies whose reporting `user` follows on /reporting/: field staff their own places; officials,
    supervisors and administrators (and anyone else signed in, as on the rankings) the whole country."""
    if user.has_perm(RECORD) and not user.is_superuser and not user.has_perm(REVIEW):
        return regencies_assigned_to(user)
    return Regency.objects.select_related("province")


def may_enter(user, regency, *, permission: str = RECORD) -> bool:
    """Whether `user` may record (or correct) a snapshot of this one regency."""
    return enterable_regencies(user, permission=permission).filter(pk=regency.pk).exists()


def may_use_entry(user) -> bool:
    """Whether the entry pages have anything for `user` (drives the nav link and the 403 of /entry/)."""
    return enterable_regencies(user).exists()


# An administrator's reach: what they may hand out in the admin. A superuser's is everything. Anyone else's is
# their own: the places of their own Assignments (a province only if they are assigned the whole province) and
# the groups they are in; never a permission of its own (only a superuser edits those). Within it, nobody can
# give themselves or anyone else more than they have, nor take over an account that has more.


def assignable_provinces(user) -> QuerySet[Province]:
    """The provinces `user` may assign to anyone: those assigned to them as a whole."""
    if user.is_superuser:
        return Province.objects.all()
    return Province.objects.filter(assignments__user=user)


def assignable_regencies(user) -> QuerySet[Regency]:
    """The regencies `user` may assign to anyone: those they are assigned to, directly or through their province."""
    return Regency.objects.all() if user.is_superuser else regencies_assigned_to(user)


def grantable_groups(user) -> QuerySet[Group]:
    """The groups `user` may give anyone: those they are in."""
    return Group.objects.all() if user.is_superuser else user.groups.all()


def manageable_users(user) -> QuerySet:
    """The users whose account, places and groups `user` may change: everyone for a superuser; for anyone else,
    those who are not superusers, have no permission of their own, and whose places and groups are all within
    the reach of `user` (so that no password set, group given or place assigned widens anyone's access)."""
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users
    beyond_places = Assignment.objects.exclude(
        Q(province__in=assignable_provinces(user)) | Q(regency__in=assignable_regencies(user))
    )
    return (users.filter(is_superuser=False)
            .exclude(user_permissions__isnull=False)
            .exclude(groups__in=Group.objects.exclude(pk__in=grantable_groups(user)))
            .exclude(assignments__in=beyond_places))


def may_manage(user, other) -> bool:
    """Whether `user` may change the account of `other` (their password, groups and places) in the admin."""
    return manageable_users(user).filter(pk=other.pk).exists()
