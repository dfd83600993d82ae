"""Settings for the test suite: the normal settings with a throwaway key and a fast password hasher."""
import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-key")

from ucj_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No collectstatic in tests: plain static storage, and WhiteNoise serves from the app folders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# django-axes needs the request in authenticate(), which `client.login` does not pass: with axes off here,
# `client.login` and `client.force_login` work as usual; the lockout tests switch it on (tests/security/).
AXES_ENABLED = False

# A cache in memory, emptied before each test (tests/conftest.py), so that what one test counts (API requests,
# password-reset requests) never limits the next; or the one CACHE_URL names (CI runs the suite once with Redis).
if "CACHE_URL" not in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
