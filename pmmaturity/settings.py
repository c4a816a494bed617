"""Settings for pmmaturity, read from the environment.

With no configuration at all the app runs in development: DEBUG on, SQLite in
``var/``, a generated per-checkout secret, console email. ``DEBUG=false`` switches
to the production profile, which refuses to start without a real secret, allowed
hosts and a PostgreSQL ``DATABASE_URL``. The image's build (Dockerfile) runs collectstatic with
a placeholder secret that every other command refuses.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from pmmaturity.env import (
    development_secret_key,
    env_bool,
    env_int,
    env_list,
    storage_from_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PMMATURITY_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", default=True)

# --- secrets and hosts --------------------------------------------------------
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The image is built before any real secret exists, and its build collects the static files
# with the production profile's storage. Its placeholder secret (Dockerfile) starts with this,
# and only collectstatic, which signs nothing and reaches no database, accepts it: a container
# started with it copied into its configuration refuses to start.
BUILD_PLACEHOLDER_PREFIX = "build-only-"
if DEBUG:
    SECRET_KEY = SECRET_KEY or development_secret_key(VAR_DIR / "dev-secret-key")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    problems = []
    if not SECRET_KEY or SECRET_KEY.startswith("dev-only-"):
        problems.append("SECRET_KEY is not set (or is the development secret)")
    elif SECRET_KEY.startswith(BUILD_PLACEHOLDER_PREFIX) and sys.argv[1:2] != ["collectstatic"]:
        problems.append("SECRET_KEY is the image build's placeholder, not a secret")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append("SECRET_KEY is too short or too simple (50+ random characters)")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS is empty")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL")
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG=false: "
            + "; ".join(problems)
            + ". See the configuration table in README.md."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- applications --------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Sign-up, email confirmation and password reset (and, later, single sign-on).
    "allauth",
    "allauth.account",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The REST API (/api/v1/), its OpenAPI schema and its documentation page, whose
    # Swagger UI files come from a package (no CDN).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The project's own records (background workers' heartbeats) and the worker command.
    "pmmaturity",
    "frameworks",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (a report's HTML to a fifth or less) on their way out, after every
    # middleware below has written the body; as Django asks, above them all. Static files
    # never reach it: WhiteNoise above answers them itself, already compressed (gzip and
    # brotli, written by collectstatic). Django's own gzip pads each response with random
    # bytes against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "pmmaturity.middleware.RefuseUnreadableBodies",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as its documentation asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pmmaturity.urls"
WSGI_APPLICATION = "pmmaturity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assessments.firms.context_processors.switcher",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            # Wait for a busy database instead of failing a respondent's save at once.
            # Write-ahead log: pages read while the background worker writes, and a commit
            # does not wait for the disk (a crash of the app loses nothing; only a power cut
            # could lose the last commits of this development database).
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- headers ------------------------------------------------------------------------------
# Only our own scripts and styles (django-csp): no inline <script>, <style> or style
# attribute, nothing from another host. (Scripts may still set styles through the CSSOM, as
# plotly and Bootstrap do; that is not inline markup.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Respondent links carry their secret in the path: never send it to another site.
SECURE_REFERRER_POLICY = "same-origin"
# Nothing here needs the camera, microphone, location, payments or other device features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

# Counters that limit guessing (wrong access codes) must be shared by every worker and
# machine: Django's database cache by default (`manage.py createcachetable`), or any cache
# backend named by CACHE_BACKEND and CACHE_LOCATION (Redis, Memcached).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "pmmaturity_cache"),
    }
}

# --- auth ---------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Check the attempt counts first, so a locked-out login never reaches the password hasher:
    # failures per address, whatever the username (pmmaturity/login_limits.py), then axes'.
    "pmmaturity.login_limits.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, extended by allauth to take a username or an email address.
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Login throttling (django-axes, counts in the database: shared by every worker and machine).
# Five wrong passwords for one username from one address lock that pair out for 15 minutes;
# a right password clears the count.
# The largest request body taken at all: the largest upload (a review's evidence document,
# REVIEW_EVIDENCE_MAX_BYTES, 10 MB by default) and room for the form around it.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 11 * 2**20)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "pmmaturity.client_ip.client_ip"
AXES_VERBOSE = False
# allauth's login form takes a username or an email address ("login"), and hands it on as
# either: axes counts failures per whichever was typed (cut to what its table holds).
AXES_USERNAME_CALLABLE = "pmmaturity.login_limits.login_name"
# Failed logins from one address, across usernames, within the lockout time: a whole office
# behind one address may mistype this often; a spray of usernames may not.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
# How many proxies of ours stand in front of the app (each adds to X-Forwarded-For).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Accounts (django-allauth). An invitation is bound to an email address, so an account's
# address counts only once its owner has shown they read that mailbox: nobody signs in, or
# accepts an invitation, before confirming it. One account per address, whatever its case.
ACCOUNT_ADAPTER = "pmmaturity.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "pmmaturity.accounts.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
# Sessions last as long as Django's default (two weeks), as before: no "remember me" box.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "assessments.organisations.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# A sign-up with an address already in use makes no account; the page says "check your email"
# as for any sign-up, and the address's owner is told by email (nothing tells a stranger
# which addresses have accounts).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_SIGNUP_REDIRECT_URL = "orgs:organisation_create"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Wrong passwords are counted by django-axes and pmmaturity.login_limits (their lockout page
# and numbers); allauth's own counter would answer first and differently. Its other limits
# (sign-ups, reset and confirmation emails per address and per key) stay.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# --- internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- static files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Bootstrap and plotly.js (bundled with only our chart types), from npm at install time.
    "pmmaturity.vendor.VendorFinder",
]
# Evidence documents, firms' logos and finished exports. A folder on this machine
# (MEDIA_ROOT) by default; with STORAGE_URL, a private S3-compatible bucket that every web
# server and worker on every machine shares (pmmaturity.env.storage_from_url). Either way
# files are only ever sent by views that check who asks, never from a public address.
STORAGE_URL = os.environ.get("STORAGE_URL", "")
# How many machines run the app (web servers and workers). With more than one, files must be
# in a bucket (or MEDIA_ROOT on a volume every machine mounts, MEDIA_ROOT_SHARED=true):
# the production profile refuses a folder only one machine sees (pmmaturity.checks).
MACHINES = env_int("MACHINES", 1)
MEDIA_ROOT_SHARED = env_bool("MEDIA_ROOT_SHARED", default=False)
STORAGES = {
    "default": (
        storage_from_url(STORAGE_URL)
        if STORAGE_URL
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
NODE_MODULES_DIR = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))

# --- email --------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pmmaturity <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the site at (https://pm.example.com): links in emails sent with
# no request to take it from, as the automatic reminders (``rounds.reminders``). Empty:
# those emails are not sent.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https://, not {SITE_URL!r}.")
# Where people report an accessibility problem (shown on the accessibility statement).
ACCESSIBILITY_CONTACT = os.environ.get("ACCESSIBILITY_CONTACT", "")

# --- security (production profile) --------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Headless Chromium renders report PDFs with the same charts as the page.
PDF_CHROMIUM = os.environ.get("PDF_CHROMIUM", "/usr/bin/chromium")

# --- background work ------------------------------------------------------------------------
# PDFs, large exports and emails run outside the web workers, in `manage.py worker`
# processes that take tasks from the database (django-tasks). Every worker on every machine
# shares the queue and the limits below.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "exports", "email", "webhooks"],
    }
}
# Webhooks (assessments/webhooks): endpoints must resolve to public addresses, so nobody can
# make the server post to its own network; tests and private installations may allow them.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False)
# A file of CA certificates to trust for webhook endpoints instead of the system's (a private
# CA); empty: the system's.
WEBHOOKS_CA_BUNDLE = os.environ.get("WEBHOOKS_CA_BUNDLE", "").strip()
# Delivery log rows older than this many days are deleted (scheduled job prune-webhook-log).
WEBHOOKS_LOG_DAYS = env_int("WEBHOOKS_LOG_DAYS", 30)
# How many exports may render at once across all workers (each PDF is a Chromium page).
EXPORT_CONCURRENCY = env_int("EXPORT_CONCURRENCY", 1)
# After each export a worker rests this many times as long as it worked (0 = never), so a
# burst of PDFs never takes more than a share of the cores that respondents' pages need.
EXPORT_RENDER_REST = float(os.environ.get("EXPORT_RENDER_REST", "2"))
# One person: at most this many exports asked for in ten minutes, this many unfinished at once.
EXPORT_USER_LIMIT = env_int("EXPORT_USER_LIMIT", 10)
EXPORT_USER_UNFINISHED = env_int("EXPORT_USER_UNFINISHED", 3)
# Everybody: past this many unfinished exports, new ones are refused until the queue drains.
EXPORT_QUEUE_MAX = env_int("EXPORT_QUEUE_MAX", 50)
# Spreadsheets and raw answers of scopes above this many responses are made in the background.
EXPORT_INLINE_MAX_RESPONSES = env_int("EXPORT_INLINE_MAX_RESPONSES", 200)
# Stored results (reports.store): a change to answers that count is folded in by a refresh
# this many seconds later, so a burst of edits costs one refresh. A report whose round has
# waited longer than RESULTS_MAX_STALE_SECONDS for its refresh (no worker running) is
# recomputed while the person waits when that is quick (a round of at most
# RESULTS_INLINE_MAX_PEOPLE submitted, well under a second); a bigger round shows its last
# results, marked as updating, and leaves the refresh to the worker.
RESULTS_REFRESH_DELAY_SECONDS = env_int("RESULTS_REFRESH_DELAY_SECONDS", 10)
RESULTS_MAX_STALE_SECONDS = env_int("RESULTS_MAX_STALE_SECONDS", 120)
RESULTS_INLINE_MAX_PEOPLE = env_int("RESULTS_INLINE_MAX_PEOPLE", 300)
# Finished export files are deleted after this many hours.
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
# /healthz/ reports the queue down when a task has waited this long without a worker taking it.
TASK_QUEUE_STALL_SECONDS = env_int("TASK_QUEUE_STALL_SECONDS", 300)
# Every background worker (`manage.py worker`) records a heartbeat this often; /healthz/
# reports the queue down once no worker has beaten for WORKER_SILENCE_SECONDS.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_SILENCE_SECONDS = env_int("WORKER_SILENCE_SECONDS", 20)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "files"))

# --- scheduled jobs (pmmaturity.schedule) ---------------------------------------------------
# Every worker looks this often for scheduled jobs that are due (pruning old exports,
# refreshing results no worker refreshed...); one runner claims each job and runs it.
SCHEDULE_POLL_SECONDS = float(os.environ.get("SCHEDULE_POLL_SECONDS", "10"))

# --- the REST API (/api/v1/, assessments.api) -------------------------------------------------
# How many calls one API token (or one signed-in person) may make: "<number>/<second|minute|
# hour|day>". Counted in the default cache, so every web server on every machine counts together.
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "600/hour").strip()
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day|s|m|h|d)", API_TOKEN_RATE):
    raise ImproperlyConfigured(
        f"API_TOKEN_RATE must be a number of calls per second, minute, hour or day "
        f"(e.g. 600/hour), not {API_TOKEN_RATE!r}."
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a call with neither is answered 401 with how to send a token.
        "assessments.api.authentication.BearerTokenAuthentication",
        # A signed-in person (the documentation page's "Try it out"); writes need the CSRF token.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "assessments.api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["assessments.api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "assessments.api.permissions.Pagination",
    "PAGE_SIZE": 50,
    # JSON only: DRF's browsable pages carry inline scripts our Content-Security-Policy refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "assessments.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "pmmaturity API",
    "DESCRIPTION": (
        "Read and run your organisations' assessments from your own scripts and tools: "
        "organisations, departments and teams, rounds and their participation, results, "
        "comparisons and roadmaps. Create a token on your account's API tokens page and send "
        "it as `Authorization: Bearer pmm_…`. A token works for one organisation, with the "
        "rights your role gives you there on the pages; a read token cannot make changes. "
        "Anything outside your organisation answers 404. Lists come a page at a time "
        '(`?page=`, `?page_size=` up to 200). Errors are JSON: `{"detail": "..."}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "pmmaturity.logfilters.RedactTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's request lines: routed through our filter like everything else.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Lockouts are warnings; each successful login's counter reset is not news.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
