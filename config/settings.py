"""Settings for the grant-administration service.

One module, driven by environment variables (listed with defaults in .env.example). With nothing set it runs
as the embedded development default: SQLite, Celery tasks executed eagerly, DEBUG on.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# DEBUG: development conveniences (dev secret key, local hosts, console e-mail). Off in production.
DEBUG = env_bool("DJANGO_DEBUG", default=True)

# DJANGO_SECRET_KEY: required when DEBUG is off; a fixed development key is used only with DEBUG on.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
elif not DEBUG and (
    SECRET_KEY == "change-me"  # noqa: S105 (the placeholder of .env.example, refused)
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    # The rules of Django's check security.W009, enforced at start-up instead of only warned about under --deploy.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for DJANGO_DEBUG off: use at least 50 random characters (not the change-me "
        "placeholder, not a django-insecure key), e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )

# DJANGO_ALLOWED_HOSTS: comma-separated host names the site answers to.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
# DJANGO_CSRF_TRUSTED_ORIGINS: comma-separated origins (https://host) allowed to POST, behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's form templates, found by the TemplatesSetting renderer below
    "django_tables2",
    "django_filters",
    "simple_history",
    "pgtrigger",  # database triggers that keep paid payouts and stored runs unchanged (PostgreSQL only)
    "axes",  # sign-in protection: lockout after repeated failures per account and per address
    "csp",
    "regions",
    "grants",
    "reporting",
    "portal",
    "ninja",  # django-ninja: its command exports the API's OpenAPI schema (api/openapi.json)
    "djangosaml2",  # SAML 2.0 service provider (pysaml2) for e-identification
    "eid",  # regional users' e-identification: matching a person to their membership
    "api",  # the intermediaries' API (django-ninja): monthly data in, deliveries, allocations and deadlines out
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",  # the SAML exchange's own cookie (the IdP posts back cross-site)
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.sessions.StaffSessionLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# DATABASE_URL: e.g. postgres://user:pass@host:5432/name; default is an SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # DATABASE_CONN_MAX_AGE: seconds a connection is kept open between requests.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "eid.backends.EIdBackend",  # e-identification for regional users (SAML; see the EID_ settings)
]
# AXES_FAILURE_LIMIT: failed sign-ins before the account, or the address, is locked.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
# AXES_COOLOFF_MINUTES: how long a lockout lasts unless staff unlock it (admin, or manage.py axes_reset_username).
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account and per address, each on its own
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# STAFF_SESSION_IDLE_MINUTES / STAFF_SESSION_MAX_HOURS: staff are signed out when idle this long, or after this long.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", default=10)
# SESSION_COOKIE_AGE_DAYS: how long a regional user's session lasts (staff: the limits above).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_DAYS", default=7) * 24 * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
# Swedish is the source language: the msgids are Swedish, locale/en holds English. The language is chosen with the
# switch in the header (set_language sets this cookie), never guessed from the browser (ChosenLanguageMiddleware).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: refuse large request bodies early; spreadsheet uploads have their own, stricter check.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# CELERY_BROKER_URL: e.g. redis://localhost:6379/0. Empty means tasks run eagerly in the web process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # in-process; Celery 5.7 opens a producer even when eager
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing a task never holds up a save for long: short socket timeouts and at most one quick retry. A task that
# could not be published is picked up by the recompute sweep below.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Redis redelivers a message not acknowledged within the visibility timeout (acks are late, so a worker killed
# mid-task leaves its message unacknowledged). It must exceed the longest countdown plus run time; an hour is ample
# for a recompute and short enough that a lost message comes back the same day.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}

# REDIS_URL: shared cache (e.g. the recompute debounce keys seen by web and worker); defaults to the broker's Redis.
REDIS_URL = env_str("REDIS_URL", default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "statsbidrag",
            # A cache that is down answers within two seconds rather than holding up a save.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Rendered parts of finished allocation runs, which never change: kept in each process's memory, so a cache server
# that is down cannot take the allocation page with it.
CACHES["runs"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "runs",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
# API_RATE: requests allowed per API key (e.g. "120/m"), counted in the cache.
API_RATE = env_str("API_RATE", default="120/m")
# EXPORT_IN_BACKGROUND_CELLS: an Excel export larger than this (about regions × months × columns) is built by the
# worker and offered for download when ready, instead of during the request.
EXPORT_IN_BACKGROUND_CELLS = env_int("EXPORT_IN_BACKGROUND_CELLS", default=100_000)
# RECOMPUTE_DELAY_SECONDS: wait this long after monthly data arrive before recomputing, so a burst gives one run.
RECOMPUTE_DELAY_SECONDS = env_int("RECOMPUTE_DELAY_SECONDS", default=30)
# RECOMPUTE_STUCK_SECONDS: a queued recompute not started after this long counts as lost; the sweep queues it again.
RECOMPUTE_STUCK_SECONDS = env_int("RECOMPUTE_STUCK_SECONDS", default=300)

# DJANGO_EMAIL_BACKEND: where mail goes; the console in development.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# DJANGO_DEFAULT_FROM_EMAIL: sender of reminders and receipts.
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="statsbidrag@socialstyrelsen.example")
# SITE_URL: the service's address as the regions reach it (scheme and host, no trailing slash); e-mails link to it.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# E-identification for regional users: SAML 2.0 per Sweden Connect's technical framework (djangosaml2 / pysaml2,
# which needs Debian's xmlsec1). Off until EID_IDP_METADATA names the identity provider's metadata file.
# EID_SP_KEY / EID_SP_CERT: this service's key and certificate (PEM files) for signing and decryption.
# EID_PEPPER: the key of the digest under which a personal identity number is stored (never the number itself).
EID_IDP_METADATA = env_str("EID_IDP_METADATA", default="")
EID_SP_KEY = env_str("EID_SP_KEY", default="")
EID_SP_CERT = env_str("EID_SP_CERT", default="")
EID_PEPPER = env_str("EID_PEPPER", default="") or SECRET_KEY


def saml_config(*, idp_metadata: dict, key_file: str, cert_file: str, site_url: str) -> dict:
    """Return the service provider's pysaml2 configuration (also used by the tests' own identity provider)."""
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

    return {
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "entityid": f"{site_url}/saml2/metadata/",
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Statsbidrag till regionerna",
                "endpoints": {
                    "assertion_consumer_service": [(f"{site_url}/saml2/acs/", BINDING_HTTP_POST)],
                    "single_logout_service": [(f"{site_url}/saml2/ls/", BINDING_HTTP_REDIRECT)],
                },
                "allow_unsolicited": False,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": False,
            }
        },
        "metadata": idp_metadata,
        "key_file": key_file,
        "cert_file": cert_file,
        "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
    }


SAML_CONFIG = (
    saml_config(
        idp_metadata={"local": [EID_IDP_METADATA]}, key_file=EID_SP_KEY, cert_file=EID_SP_CERT, site_url=SITE_URL
    )
    if EID_IDP_METADATA
    else {}
)
SAML_CONFIG_LOADER = "eid.config.load"
SAML_CREATE_UNKNOWN_USER = False
SAML_ATTRIBUTE_MAPPING = {}
SAML_SESSION_COOKIE_NAME = "saml_session"
SAML_SESSION_COOKIE_SAMESITE = "None"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
ACS_DEFAULT_REDIRECT_URL = "/"

# Forms render through our template engine, so templates/django/forms/ can override a widget: the empty choice of
# every select reads "– Välj –" instead of Django's "---------" (admin included).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# django-filter's empty choice: no filter.
FILTERS_EMPTY_CHOICE_LABEL = "Alla"

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "ds-table data-table"}

# Content Security Policy: only our own origin; no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# History: the reason a service gives for a change (an adjusted claim, new payment details) is kept whole.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# No "revert" in the admin: an old version is never written back over a record (config.admin.HistoryAdmin).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Sessions live in the database and are read from the cache (no query per request); see config/session_store.py.
SESSION_ENGINE = "config.session_store"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# DJANGO_SECURE_SSL_REDIRECT: redirect http to https; on by default with DEBUG off (the proxy forwards the scheme).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# DJANGO_HSTS_SECONDS: how long browsers must use https only (Strict-Transport-Security); a year with DEBUG off.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# DJANGO_HSTS_INCLUDE_SUBDOMAINS: the https-only rule covers the host's subdomains too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# DJANGO_HSTS_PRELOAD: consent to the browsers' preload list; nothing happens until the domain is submitted there.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
    # The SAML libraries log the attributes they receive (a personal identity number among them) below ERROR;
    # xmlschema (under pysaml2) reports each schema it loads.
    "loggers": {name: {"level": "ERROR"} for name in ("djangosaml2", "saml2", "xmlschema")},
}

# Management commands the demo runs after loading the seed programmes (later issues add example data).
DEMO_LOADERS: list[str] = [
    "load_demo_portal",  # regional users, an intermediary, the 2022 survey
    "load_demo_monthly",  # generated monthly data (labelled example data) and population 1 November 2024
    "demo_office",  # example requisitions, a payout decision and repayments for the back office
    "demo_draft",  # a draft for 2025 copied from the 2024 beds programme, for the what-if page
]

# REMINDER_DAYS_BEFORE: how many days before a deadline regions are reminded by e-mail (and it shows as "snart").
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", default=7)

# BENCHMARK_BASELINE: serve the load benchmark's minimal authenticated view (benchmarks/load.py); never in production.
BENCHMARK_BASELINE = env_bool("BENCHMARK_BASELINE", default=False)
# REPAYMENT_DUE_DAYS: days a claim issued after the decision's repayment date has to be paid.
REPAYMENT_DUE_DAYS = env_int("REPAYMENT_DUE_DAYS", default=30)
# COMPLETION_DAYS: default days a region gets to complete a requisition staff returned to it.
COMPLETION_DAYS = env_int("COMPLETION_DAYS", default=14)
# Celery beat: the reminder run once a day, early in the morning.
CELERY_BEAT_SCHEDULE = {
    "grants-reminders": {"task": "grants.tasks.reminders_send", "schedule": crontab(hour=6, minute=30)},
    # Every five minutes: requeue programmes whose newest run is older than their data (reporting.tasks).
    "reporting-recompute-sweep": {"task": "reporting.tasks.recompute_sweep", "schedule": 300.0},
}
