"""Fixtures of the admin tests: a superuser's client and an administrator who is not a superuser."""
import pytest
from django.contrib.auth.models import Group

from coverage import roles
from tests.factories import UserFactory, field_staff


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def group_administrator(db):
    """A staff user whose only rights are those of the "Administrators" group."""
    user = UserFactory(username="admin_group", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


@pytest.fixture
def group_admin_client(client, group_administrator):
    client.force_login(group_administrator)
    return client


@pytest.fixture
def ntb_administrator(lombok_barat):
    """An administrator who is not a superuser, assigned to Lombok Barat (52.01) only: field staff there too."""
    user = field_staff(places=[lombok_barat], username="admin_ntb")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return user


@pytest.fixture
def ntb_admin_client(client, ntb_administrator):
    client.force_login(ntb_administrator)
    return client
