"""load_demo on an empty database: the accounts' random passwords, printed once."""
import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_random_passwords_are_printed_once_and_work(regions, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    passwords = dict(line.split() for line in out.splitlines() if line.startswith("  "))
    assert set(passwords) == {"petugas", "penyetuju", "pejabat", "admin"}
    assert authenticate(username="pejabat", password=passwords["pejabat"]) is not None
