"""Settings for UCJ Tracker, read from the environment (see README: Configuration and Production)."""
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is read only when asked for, so that a stray file never changes a deployment.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable on a developer's machine; a server must be given its own.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "coverage",
]

# The header middlewares come before WhiteNoise so that static files get the same headers as pages.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "coverage.security.audit.RefusalLogMiddleware",
    "ucj_site.limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ucj_site.cache_control.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coverage.web.cached.DataVersionMiddleware",
    "coverage.security.session_expiry.SessionExpiryMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ucj_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coverage.rankings.context_processors.thresholds",
                "coverage.demo.banner.demo_banner",
            ],
        },
    },
]

WSGI_APPLICATION = "ucj_site.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (one per gunicorn thread), checked before reuse so that a database restart
# costs one failed check instead of an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A transaction that has read and then wants to write while another writes
    # is refused at once ("database is locked"), whatever the timeout: so each transaction takes the write lock
    # when it begins (IMMEDIATE) and a second writer waits, up to `timeout` seconds, then sees the first one's
    # row (a duplicate or stale refusal, not a 503). WAL lets pages be read while a figure is written.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes watches sign-ins first; it only refuses, ModelBackend does the signing in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Indonesian first, English second; numbers follow the active language (935.079 / 935,079).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every date and time shown with its zone's abbreviation (WIB for Asia/Jakarta); pages that write times in a
# format of their own add "T" too. One zone for everyone: a figure's time is the same fact wherever it is read.
FORMAT_MODULE_PATH = ["ucj_site.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# `collectstatic` writes hashed names (cached for a year by browsers) with gzip and brotli copies;
# WhiteNoise serves them from gunicorn, so no other web server is needed for static files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# A correction's reason is free text and may be longer than simple-history's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Production serving and security (README: Production) ---

# HTTPS=1 for a deployment behind TLS: redirect to https, secure cookies, HSTS. Without it, `check --deploy`
# reports those four settings as warnings, as it should for a site served over plain HTTP.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# Only behind a proxy that always sets X-Forwarded-Proto itself; otherwise a client could claim https.
if env.bool("PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many proxies of ours add to X-Forwarded-For; 0 takes REMOTE_ADDR (coverage.security.audit.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Headers on every response (SecurityMiddleware adds nosniff and Cross-Origin-Opener-Policy by default).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: templates use static files only (data blocks via json_script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "usb",
    ]
}

# Sessions: an absolute lifetime and an idle timeout (coverage/session_expiry.py). The cookie lives as long as
# the absolute lifetime, so that an idle session is still recognised as ended and its form can be given back.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_HOURS", default=12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Brute force: after AXES_FAILURE_LIMIT failed sign-ins by one username from one address, that pair is locked
# for AXES_COOLOFF_TIME; administrators unlock sooner in the admin (Access attempts) or with
# `manage.py axes_reset_username USER`. Per pair, so that nobody can lock a colleague out from elsewhere.
# And after AXES_ADDRESS_FAILURE_LIMIT failures from one address, whatever the usernames, that address is locked
# for every account (`manage.py axes_reset_ip ADDRESS`): higher, since an office signs in from one shared address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_HANDLER = "coverage.security.lockout.AccountAndAddressHandler"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coverage.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "coverage.security.audit.client_ip"
AXES_VERBOSE = False  # our own `logger=ucj.security` lines say the same, once

# Mail (password resets, returned figures): none is sent until EMAIL_URL names a server, e.g.
# smtp+tls://user:password@mail.example.go.id:587; without one, a reset request is answered but sends nothing,
# rather than failing on a mail server that is not there. Reset links never go to the log.
vars().update(env.email_url("EMAIL_URL", default="dummymail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# The address of the site as its users reach it, for links in emails (e.g. https://ucj.example.go.id).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Deadlines and reminders (coverage/reporting/): the figures of a cut-off are due this many days after it (unless
# an administrator set another deadline for it); `send_reminders` writes this many days before the deadline, on
# its day, and weekly after it for this many weeks while figures are missing.
REPORTING_DEADLINE_DAYS = env.int("REPORTING_DEADLINE_DAYS", default=10)
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=3)
REMINDER_WEEKS_AFTER = env.int("REMINDER_WEEKS_AFTER", default=4)
# The data rows a file uploaded through the web (/entry/upload/, the admin's imports) may hold: a file at the cap is
# read, judged and previewed in 2 to 3 s of CPU (docs/benchmarks.md, "Hostile spreadsheets"), and the limits
# inside an XLSX follow from it (coverage/imports/xlsx_guard.py). Larger files: `manage.py import_snapshots`.
UPLOAD_MAX_ROWS = env.int("UPLOAD_MAX_ROWS", default=10_000)
# Reset requests per hour from one address, and for one email address (ucj_site/password_reset.py); beyond them
# the page refuses and sends nothing.
PASSWORD_RESET_ADDRESS_LIMIT = env.int("PASSWORD_RESET_ADDRESS_LIMIT", default=10)
PASSWORD_RESET_EMAIL_LIMIT = env.int("PASSWORD_RESET_EMAIL_LIMIT", default=3)
# The cache holds only those counts. In memory by default, so each gunicorn process counts on its own (the limits
# then hold per process); a cache the processes share counts exactly, e.g. filecache:///var/tmp/ucj-cache.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The language cookie like the others: sent over https only with HTTPS, not on cross-site requests, and out of
# reach of scripts (none reads it; the server sets the page's language).
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# A form refused for its CSRF token gets the app's 403 page in the user's language, not Django's English one.
CSRF_FAILURE_VIEW = "ucj_site.errors.csrf_failure"

# Request sizes: form fields (a province's grid is ~20 KB) and the whole body, uploads included;
# uploads above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MAX_REQUEST_BYTES = env.int("MAX_UPLOAD_MB", default=10) * 1024 * 1024
# Uploaded spreadsheets wait here between their preview and their confirmation (coverage/pending.py): with
# several app servers, a directory they all share, since the confirmation may reach another server.
PENDING_UPLOADS_DIR = Path(env.str("PENDING_UPLOADS_DIR", default="")
                           or Path(tempfile.gettempdir()) / "ucj-imports")

# One line per record on stdout, `key=value` (ucj_site/logfmt.py); security events: grep logger=ucj.security.
# Upper case, as logging wants it; gunicorn reads the same variable in lower case.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kv": {"()": "ucj_site.logfmt.KeyValueFormatter"}},
    "filters": {"refusal_without_traceback": {"()": "ucj_site.logfmt.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kv", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # A 403 is one line, not a traceback (and `event=access_refused` says who).
        "django.request": {"filters": ["refusal_without_traceback"]},
        # gunicorn drops the body Django gives to a HEAD request, correctly, and would warn about each one.
        "gunicorn.http.wsgi": {"level": "ERROR"},
        # django-axes masks user and address in its own lines; `logger=ucj.security` lines carry both.
        "axes": {"level": "ERROR"},
    },
}

# --- The read-only API (coverage/api/, README: API) ---

# On: anyone may read the API without signing in or a token (still within the rate limit per address).
PUBLIC_API = env.bool("PUBLIC_API", default=False)
# Requests per token and per client address ("N/second|minute|hour|day"), counted in the default cache: one
# process's memory unless CACHE_URL names a cache that all app servers share.
API_RATE_LIMITS = {
    "token": env.str("API_RATE_PER_TOKEN", default="120/minute"),
    "address": env.str("API_RATE_PER_ADDRESS", default="240/minute"),
}
# The licence that the data package (/api/v1/datapackage.json) gives the figures.
OPEN_DATA_LICENSE = {
    "name": env.str("OPEN_DATA_LICENSE_NAME", default="CC-BY-4.0"),
    "title": env.str("OPEN_DATA_LICENSE_TITLE", default="Creative Commons Attribution 4.0"),
    "path": env.str("OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "UCJ Tracker API",
    "DESCRIPTION": "Read-only figures of Universal Coverage Jamsostek by Indonesian regency: the same numbers as "
                   "the pages and exports, keyed by Kemendagri codes. Sign in, or send `Authorization: Bearer "
                   "<token>` (tokens: your account page).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the app's own static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send the description to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}
