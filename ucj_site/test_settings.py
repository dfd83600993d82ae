"""Settings for the test suite: the normal settings with a throwaway key and a fast password hasher."""
import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-key")

from ucj_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
