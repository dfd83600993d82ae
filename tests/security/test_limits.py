"""Request size limits: a body above MAX_REQUEST_BYTES gets 413 before it is read; form fields are capped too."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_limits_are_set_deliberately(settings):
    assert settings.MAX_REQUEST_BYTES == 10 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024


def test_an_upload_above_the_limit_is_refused_with_413_and_logged(client, settings, caplog, petugas):
    settings.MAX_REQUEST_BYTES = 1024
    client.force_login(petugas)
    response = client.post("/", {"file": SimpleUploadedFile("big.csv", b"x" * 4096)})
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    assert any("event=request_too_large" in r.getMessage() for r in caplog.records)


