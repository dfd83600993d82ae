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
