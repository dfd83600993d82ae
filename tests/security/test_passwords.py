"""Passwords: at least 12 characters and not on Django's list of common passwords."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def codes(password, user=None):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return {error.code for error in refused.value.error_list}


def test_a_password_shorter_than_twelve_characters_is_refused():
    assert "password_too_short" in codes("Kt7#pq2!mZ4")  # 11 characters


def test_a_common_password_of_twelve_characters_is_refused():
    assert codes("qazwsxedcrfv") == {"password_too_common"}


def test_a_password_like_the_username_is_refused(petugas):
    assert "password_too_similar" in codes("petugas_bali_1", petugas)


def test_a_long_uncommon_password_is_accepted():
    validate_password("kebun kopi di Bangli 2025")


def test_the_admin_refuses_a_short_password_for_a_new_user(client, administrator):
    client.force_login(administrator)
    form = {"username": "baru", "password1": "short-pw", "password2": "short-pw", "usable_password": "true"}
    response = client.post("/admin/auth/user/add/", form)
    assert response.status_code == 200
    assert "setidaknya 12 karakter" in response.content.decode()
    assert not get_user_model().objects.filter(username="baru").exists()
