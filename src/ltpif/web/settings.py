"""The one settings module, driven by the environment. Every variable is listed in
docs/reference/settings.md; a missing required one stops start-up with an explanation.

LTPIF_DATA_DIR     folder for the SQLite database, uploads and the plans' shared cache
                   (default ./ltpif-data)
DATABASE_URL       sqlite:///path or postgres://user@host:port/name (default: SQLite, data dir)
LTPIF_SECRET_KEY   required unless LTPIF_DEBUG=1 (`ltpif demo` makes one in the data dir)
LTPIF_DEBUG        1 for development error pages
LTPIF_ALLOWED_HOSTS comma-separated host names (default localhost,127.0.0.1)
LTPIF_CSRF_TRUSTED_ORIGINS, LTPIF_SECURE_COOKIES, LTPIF_SSL_REDIRECT, LTPIF_BEHIND_PROXY,
LTPIF_HSTS_SECONDS, LTPIF_HSTS_INCLUDE_SUBDOMAINS, LTPIF_HSTS_PRELOAD  serving over HTTPS
LTPIF_TODAY        the date the planning calendar counts from (default: today)
LTPIF_STATIC_ROOT  where `collectstatic` gathers static files for production serving
LTPIF_SIGN_IN_FAILURE_LIMIT, LTPIF_SIGN_IN_COOLOFF_MINUTES  failed sign-ins before a pause (5),
                   and its length (15)
LTPIF_PUBLICATION_STALE_SECONDS  a publication run silent this long was stopped (120)
LTPIF_ACTUALS_UPLOAD_MAX_MB  the largest file of actuals uploaded in the web (1024)
LTPIF_EMAIL_HOST, LTPIF_EMAIL_PORT, LTPIF_EMAIL_USER, LTPIF_EMAIL_PASSWORD, LTPIF_EMAIL_TLS,
LTPIF_EMAIL_SSL, LTPIF_EMAIL_FROM  email by SMTP (ltpif.web.email_settings)
LTPIF_EMAIL_FILE_DIR  email written to files in this folder instead (the demo's)
LTPIF_SITE_URL     the address links in emails start with (default http://127.0.0.1:8000)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ltpif.web.data_dir import data_dir
from ltpif.web.database_url import parse_database_url
from ltpif.web.email_settings import email_settings

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
DEBUG = os.environ.get("LTPIF_DEBUG") == "1"

SECRET_KEY = os.environ.get("LTPIF_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set LTPIF_SECRET_KEY to a long random string (or LTPIF_DEBUG=1 for development); "
            "`ltpif demo` makes one for you."
        )
    SECRET_KEY = "development-only-" + "x" * 40


def _on(name: str) -> bool:
    return os.environ.get(name) == "1"


def _listed(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ALLOWED_HOSTS = _listed("LTPIF_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = _listed("LTPIF_CSRF_TRUSTED_ORIGINS")
DATABASES = {
    "default": parse_database_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'ltpif.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Each plan version's document and assurance, made by one worker and read by the others
# (planning/shared.py): files in the data folder, shared by every process on this machine.
# Old versions are never read again: past 300 entries (42 plans' current versions are ~130),
# a third picked at random is removed (each write lists the folder: keep it small).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "plans": {
        "BACKEND": "ltpif.web.planning.shared.Uncompressed",
        "LOCATION": DATA_DIR / "cache" / "plans",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its API docs page, served from its own static files (no CDN)
    "ltpif.web.planning",
    "ltpif.web.publishing",
    "ltpif.web.actuals",
    "ltpif.web.people",
    "ltpif.web.organisations",
    "ltpif.web.maturity",
    "ltpif.web.funding",
    "ltpif.web.notifications",
    "ltpif.web.landscape",
    "ltpif.web.partnership",
    "ltpif.web.uploads",
    "ltpif.web.operational",
    "axes",  # throttles failed sign-ins
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # pages and, served through WhiteNoise below, static files sent gzipped to browsers that
    # take it (Django pads each page's gzip with random bytes against BREACH)
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ltpif.web.per_request.AskedOncePerRequest",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ltpif.web.nul_characters.RefuseNulCharacters",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "ltpif.web.urls"
WSGI_APPLICATION = "ltpif.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "ltpif.web.jinja.environment"},
    },
    {  # only for django-ninja's API docs page, in ltpif's own version of its template
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "django_templates"],
        "APP_DIRS": True,
    },
]

STATIC_URL = "/static/"
# Set for `django-admin collectstatic` in production; WhiteNoise serves from the package otherwise.
STATIC_ROOT = os.environ.get("LTPIF_STATIC_ROOT") or None
STATICFILES_DIRS = [WEB_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic needed
# collectstatic writes a gzipped copy beside each file, which WhiteNoise then serves as it is
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Failed sign-ins are counted per user name and address (django-axes): past the limit, that
# pair is refused, right password or not, until the cool-off has passed since the last try.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ltpif.web.signed_in.UserBackend",  # Django's ModelBackend, its user read as SQL
]
AXES_FAILURE_LIMIT = int(os.environ.get("LTPIF_SIGN_IN_FAILURE_LIMIT") or 5)
SIGN_IN_COOLOFF_MINUTES = int(os.environ.get("LTPIF_SIGN_IN_COOLOFF_MINUTES") or 15)
AXES_COOLOFF_TIME = dt.timedelta(minutes=SIGN_IN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ltpif.web.views.sign_in.locked_out"

# Passwords people set themselves (an invitation's link): Django's validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Email: SMTP in production, files in a folder for the demo, else the console.
globals().update(email_settings(os.environ))

LOGIN_URL = "/sign-in/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/sign-in/"
SESSION_ENGINE = "ltpif.web.signed_in"  # Django's database sessions, read as SQL
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "ltpif.web.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Behind HTTPS in production (docs/reference/settings.md); off for the demo on plain localhost.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _on("LTPIF_SECURE_COOKIES")
SECURE_SSL_REDIRECT = _on("LTPIF_SSL_REDIRECT")
if _on("LTPIF_BEHIND_PROXY"):  # the proxy ends TLS and says so in X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("LTPIF_HSTS_SECONDS") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _on("LTPIF_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _on("LTPIF_HSTS_PRELOAD")

# Only this site's own files: no inline script or style, no other origin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # the design system's CSS draws some icons as data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Uploads and API bodies: plans and workbooks are well under these.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Files of actuals uploaded on /monitoring/upload/ (streamed to disk, not held in memory): an
# RTT full extract is ~55 MB a month, the 2016-2019 A&E file ~20 MB.
ACTUALS_UPLOAD_MAX_BYTES = int(
    float(os.environ.get("LTPIF_ACTUALS_UPLOAD_MAX_MB") or 1024) * 1024 * 1024
)
FILE_UPLOAD_HANDLERS = [
    "ltpif.web.uploads.limits.SizeLimit",  # stops reading a body above that limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

if os.environ.get("LTPIF_FAST_PASSWORD_HASHER") == "1":  # tests only: hashing is slow by design
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_TZ = True

LTPIF_TODAY = os.environ.get("LTPIF_TODAY", "")

# A publication run's heartbeat is written at every step and four times in this while a step
# runs: a run silent for longer was stopped with its server, and is failed (publishing.actions).
PUBLICATION_STALE_AFTER = dt.timedelta(
    seconds=float(os.environ.get("LTPIF_PUBLICATION_STALE_SECONDS") or 120)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
