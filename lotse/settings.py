"""Settings for Lotse, read only from environment variables (the same code in every environment)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from lotse.ops.config import cache_config, email_config
from lotse.ops.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEFAULT_SECRET_KEY = "insecure-development-key-change-me"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
# Serving with DEBUG off and this publicly known key is refused by lotse.core.checks and lotse.wsgi.

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Number of reverse proxies in front of Lotse that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command (heartbeat, reconnects) replaces the library's.
    "lotse.ops",
    "django_tasks_db",
    "lotse.core",
    "lotse.accounts",
    "lotse.reference",
    "lotse.api",
    "lotse.navigator",
    "lotse.cases",
    "lotse.workspace",
    "lotse.events",
    "lotse.fairness",
    "lotse.welcome",
    "lotse.reporting",
    "lotse.communication",
]

MIDDLEWARE = [
    "lotse.ops.logs.RequestIdMiddleware",  # outermost: every response and log line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lotse.core.security.NoStoreMiddleware",  # after WhiteNoise: static files keep their long cache
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lotse.core.badinput.BadInputMiddleware",  # NUL and control characters: 400 before any view or query
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff without a verified second factor get no further than setting it up or entering it (ADR 0142).
    "lotse.accounts.twofactor.SecondFactorMiddleware",
    "lotse.core.scoping.VisibilityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lotse.core.security.StaffIdleTimeoutMiddleware",  # after messages: says why the session ended
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the 429 page
]

ROOT_URLCONF = "lotse.urls"
WSGI_APPLICATION = "lotse.wsgi.application"

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
                "lotse.core.context_processors.navigation",
            ],
        },
    },
]

# SQLite is only the zero-setup default for trying Lotse out; everything real runs on PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A kept connection is checked before its first use in a request: after a database restart the first
        # request gets a fresh connection instead of an error (bench/load.py).
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time, taken at BEGIN: a transaction never fails halfway with "database is locked" when it
    # moves from reading to writing, and a check-then-write under a lock holds (lotse.core.locks, ADR 0151).
    # Others wait up to `timeout` seconds for the write lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameters and prepared statements: a query run a few times on a (persistent) connection is
    # planned once, not on every request (measured: about half of the case pages' database time; ADR 0040).
    # Behind a transaction-pooling PgBouncer older than 1.21 (or without max_prepared_statements), set
    # DB_PREPARE_THRESHOLD=off.
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "server_side_binding": _prepare != "off",
            "prepare_threshold": None if _prepare == "off" else int(_prepare),
            # A database that does not answer fails the request after this many seconds instead of hanging it.
            "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "5")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username or address before the password is even checked (ADR 0142).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed attempts for one e-mail address, or from one client
# address, further attempts are refused for LOGIN_LOCKOUT_MINUTES (each attempt in the pause starts it again).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "lotse.accounts.throttling.attempted_username"
AXES_CLIENT_IP_CALLABLE = "lotse.accounts.throttling.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Password-reset mails per hour: per client address (then a 429 page) and per e-mail address (then silently none,
# so the answer says nothing about the address).
LOTSE_RESET_PER_IP_HOUR = int(os.environ.get("LOTSE_RESET_PER_IP_HOUR", "10"))
LOTSE_RESET_PER_EMAIL_HOUR = int(os.environ.get("LOTSE_RESET_PER_EMAIL_HOUR", "3"))
# Second factor (django-otp): the name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = "Fachkräfte-Lotse NRW"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times per language: templates name a format, lotse/formats/<lang>/formats.py defines it (ADR 0190).
FORMAT_MODULE_PATH = ["lotse.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "media"))
# Production (STATIC_MANIFEST=1, after `lotse collectstatic`): file names carry a content hash, WhiteNoise serves
# them compressed and cacheable for a year, and only what was collected.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

_email = email_config(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Fachkräfte-Lotse NRW <lotse@localhost>")

# Sessions live in the database (Django's default), so any app process serves any user. The cache is per process
# unless CACHE_URL=db://lotse_cache makes it shared (rate limits need that with several processes).
CACHES = {"default": cache_config(os.environ.get("CACHE_URL", "locmem://"))}

SESSION_COOKIE_HTTPONLY = True
# Navigator answers live in the session: keep it short (12 hours by default) so nothing lingers.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 60 * 12))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Staff sessions also end after this many seconds without a request (0: only the absolute SESSION_COOKIE_AGE).
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", 30 * 60))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS, set by the environment (deploy/production.env.example sets all of them; docs/operations.md). Off by
# default so that `make run` and the tests work over plain HTTP on localhost.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind the reverse proxy: it says the original request came over HTTPS (X-Forwarded-Proto: https).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy on every response (django-csp; ADR 0140): scripts, styles, fonts and images only from
# Lotse itself, no inline script or style anywhere. KERN UX draws its icons as data: SVGs in its stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# One JSON object per line with the request id (lotse.ops.logs); LOG_REQUESTS=1 adds one line per request.
LOGGING = logging_config(
    log_format=os.environ.get("LOG_FORMAT", "text" if DEBUG else "json"),
    level=os.environ.get("LOG_LEVEL", "WARNING"),
    log_requests=env_bool("LOG_REQUESTS", False),
)

# Background jobs (reminders, nightly deadline checks) run from the database queue: no extra server needed.
# Start a worker with `lotse db-worker`; tests use the immediate backend unless they test the worker itself.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Where the operator's copies of the Destatis and PLZ files live (see docs/data-sources.md).
# Registration attempts per hour and IP address / e-mail address (0 = off); counted in the cache (lotse.events).
LOTSE_EVENTS_REGISTER_PER_IP_HOUR = int(os.environ.get("LOTSE_EVENTS_REGISTER_PER_IP_HOUR", 30))
LOTSE_EVENTS_REGISTER_PER_EMAIL_HOUR = int(os.environ.get("LOTSE_EVENTS_REGISTER_PER_EMAIL_HOUR", 5))

# Who runs this Lotse: shown in the Impressum, the privacy notice, the accessibility statement and on the contact page.
LOTSE_OPERATOR = {
    "name": os.environ.get("LOTSE_OPERATOR_NAME", "NRW Fachkräfteagentur International (FAI NRW)"),
    "address": os.environ.get("LOTSE_OPERATOR_ADDRESS", ""),
    "email": os.environ.get("LOTSE_CONTACT_EMAIL", ""),
    "phone": os.environ.get("LOTSE_CONTACT_PHONE", ""),
    "dpo": os.environ.get("LOTSE_DPO_CONTACT", ""),
}
CSRF_FAILURE_VIEW = "lotse.core.errors.csrf_failure"
LOTSE_DATA_DIR = Path(os.environ.get("LOTSE_DATA_DIR", PROJECT_DIR.parent / "shared" / "data"))
