"""`check --deploy` passes under the documented production settings behind TLS, and says why without TLS."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {"SECRET_KEY": "7Hq2-vXc9_Lm3pRt8sWz4YbN6aJd1FgK0eUiOy5hTnBoQ-test", "ALLOWED_HOSTS": "ucj.example.org"}


def deploy_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "HTTPS"}}
    environment.update(PRODUCTION, **env)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_deploy_check_passes_behind_tls():
    result = deploy_check(HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_without_tls_names_the_four_https_settings():
    result = deploy_check()
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr
    assert "security.W0" in result.stderr and result.stderr.count("(security.") == 4


def test_a_lower_case_log_level_is_accepted():
    """gunicorn's own setting is written in lower case; the app must start with the same variable."""
    result = deploy_check(HTTPS="1", LOG_LEVEL="warning")
    assert result.returncode == 0, result.stderr


def test_without_a_secret_key_and_debug_manage_py_says_so_instead_of_a_traceback():
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}}
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "manage.py: SECRET_KEY must be set when DEBUG is off. (see the README: Configuration)"
    )
