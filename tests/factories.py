"""factory-boy factories for the app's models."""
import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from coverage import models, roles


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 89:02d}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Regency
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}.{1 + n % 99:02d}")
    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    kind = models.Regency.Kind.KABUPATEN


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CoverageSnapshot

    regency = factory.SubFactory(RegencyFactory)
    as_of = datetime.date(2025, 3, 31)
    participants = 500
    working_population = 1000


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    province = factory.SubFactory(ProvinceFactory)
    regency = None
    year = 2025
    percent = Decimal("60.00")
    source = models.Target.Source.KEMENDAGRI


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


def _assigned(role: str, places, username=None):
    """A user in the group `role`, assigned to each province or regency in `places`."""
    user = UserFactory(**({"username": username} if username else {}))
    user.groups.add(Group.objects.get(name=role))
    for place in places:
        if isinstance(place, models.Province):
            models.Assignment.objects.create(user=user, province=place)
        else:
            models.Assignment.objects.create(user=user, regency=place)
    return user


def field_staff(*, places, username=None):
    """A user in the field staff group, assigned to each province or regency in `places`."""
    return _assigned(roles.FIELD_STAFF, places, username)


def official(username=None):
    user = UserFactory(**({"username": username} if username else {}))
    user.groups.add(Group.objects.get(name=roles.OFFICIALS))
    return user


def supervisor(*, places, username=None):
    """A user in the supervisors group, reviewing each province or regency in `places`."""
    return _assigned(roles.SUPERVISORS, places, username)
