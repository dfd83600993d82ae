"""Who may enter figures for which regency: superusers everywhere, field staff where assigned, officials never."""
from django.db.models import Q, QuerySet

from coverage.models import Regency

RECORD = "coverage.add_coveragesnapshot"
CORRECT = "coverage.change_coveragesnapshot"


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


def may_enter(user, regency, *, permission: str = RECORD) -> bool:
    """Whether `user` may record (or correct) a snapshot of this one regency."""
    return enterable_regencies(user, permission=permission).filter(pk=regency.pk).exists()


def may_use_entry(user) -> bool:
    """Whether the entry pages have anything for `user` (drives the nav link and the 403 of /entry/)."""
    return enterable_regencies(user).exists()
