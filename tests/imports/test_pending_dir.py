"""PENDING_UPLOADS_DIR: read from the environment, and where an uploaded file waits for its confirmation."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coverage.imports import pending
from tests.imports.files import csv_file

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def setting_under(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "PENDING_UPLOADS_DIR"} | {"DEBUG": "1", **env}
    code = "from django.conf import settings; print(settings.PENDING_UPLOADS_DIR)"
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
                            env=environment | {"DJANGO_SETTINGS_MODULE": "ucj_site.settings"},
                            capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


def test_the_environment_names_the_directory(tmp_path):
    assert setting_under(PENDING_UPLOADS_DIR=str(tmp_path / "shared")) == str(tmp_path / "shared")
    assert setting_under().endswith("ucj-imports")


def test_an_upload_waits_in_the_configured_directory(client, petugas, badung, settings, tmp_path):
    settings.PENDING_UPLOADS_DIR = tmp_path / "shared"
    client.force_login(petugas)
    file = csv_file([["51.03", "2025-03-31", "167734", "285846"]])
    response = client.post(reverse("entry_upload"), {"preview": "1",
                                                     "file": SimpleUploadedFile("maret.csv", file.getvalue())})
    assert response.status_code == 200
    token = client.session[pending.SESSION_KEY]["token"]
    assert [path.name for path in (tmp_path / "shared").iterdir()] == [token]
