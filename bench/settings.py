"""Settings of the benchmark: the app's own settings with DEBUG off, on a throwaway database (see bench/rankings.py)."""
import os

os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-for-any-server")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ucj_bench_h4a")

from ucj_site.settings import *  # noqa: F403
from ucj_site.settings import BASE_DIR, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["testserver"]
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# Plain static URLs: the benchmark measures Python and the database, not a manifest of collected files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
