"""Who may enter figures for which regency: superusers everywhere, field staff where assigned, officials never."""
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from coverage.models import Regency

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


def may_enter(user, regency, *, permission: str = RECORD) -> bool:
    """Whether `user` may record (or correct) a snapshot of this one regency."""
    return enterable_regencies(user, permission=permission).filter(pk=regency.pk).exists()


def may_use_entry(user) -> bool:
    """Whether the entry pages have anything for `user` (drives the nav link and the 403 of /entry/)."""
    return enterable_regencies(user).exists()
