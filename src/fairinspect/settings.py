"""Settings for fairinspect, read from the environment.

Every value a deployment changes comes from an environment variable; the defaults are the safe ones
(DEBUG off, secure cookies, SQLite under var/). `fairinspect demo` turns DEBUG on for itself.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

import dj_database_url
import whitenoise.compress
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent
# The checkout the package is installed from (editable install): var/ and node_modules/ live beside src/.
PROJECT_DIR = PACKAGE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


_AUDIT_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")
AUDIT_SECRET_MIN_LENGTH = 32


def env_audit_keys(name: str) -> dict[str, bytes]:
    """`id:secret` pairs, comma-separated, as {id: secret}, in the order given. The messages never show a secret."""
    value = os.environ.get(name, "").strip()
    if not value:
        return {}
    keys = {}
    for number, pair in enumerate(value.split(","), start=1):
        key_id, colon, secret = (part.strip() for part in pair.partition(":"))
        where = f"{name}: key {number}"
        if not colon:
            raise ImproperlyConfigured(f"{where} is not written id:secret (pairs are separated by commas)")
        if not _AUDIT_KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"{where} has the id {key_id!r}: an id is 1 to 32 letters, digits, dots, hyphens or underscores"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{where} has the id {key_id!r}, which an earlier key already has")
        if len(secret) < AUDIT_SECRET_MIN_LENGTH:
            raise ImproperlyConfigured(
                f"{where} ({key_id!r}) has a secret of {len(secret)} characters: use at least "
                f"{AUDIT_SECRET_MIN_LENGTH} random ones"
            )
        keys[key_id] = secret.encode()
    return keys


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (a long random string); "
            "only DEBUG=1 (as `fairinspect demo` sets) runs without one."
        )
    # A key of this process's own: a fixed one, public in this file, would let anyone who can reach a demo
    # forge its sessions. Nothing outlives the process that needs it (signed-in sessions simply end when the
    # demo restarts; its db_worker signs nothing).
    SECRET_KEY = get_random_secret_key()

# The keys that seal the audit trail (fairinspect.audit.keys): kept out of the database, so that whoever can
# write to the database still cannot rewrite the trail unnoticed. "id:secret" pairs, comma-separated; the first
# seals new events, the rest are retired keys kept so that the events they sealed still verify.
AUDIT_KEYS = env_audit_keys("AUDIT_KEYS")
if not AUDIT_KEYS and not DEBUG:
    raise ImproperlyConfigured(
        "AUDIT_KEYS is not set. Set it in the environment as id:secret (a short name for the key, then a long "
        "random string), keeping the secret outside the database; only DEBUG=1 (as `fairinspect demo` sets) runs "
        "without one."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "fairinspect.web.views.csrf_failure"  # a GOV.UK page, not Django's bare one

VAR_DIR = Path(os.environ.get("FAIRINSPECT_VAR_DIR", PROJECT_DIR / "var"))
NODE_MODULES_DIR = Path(os.environ.get("FAIRINSPECT_NODE_MODULES", PROJECT_DIR / "node_modules"))
# Without AUDIT_KEYS (DEBUG only: the demo, a developer's machine) the trail is sealed with a key kept in this
# file beside the database, made on first use, so that a restarted demo still verifies the trail it made.
AUDIT_KEY_FILE = VAR_DIR / "audit-key"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    # fairinspect's apps, in the order of their layers (CONTRIBUTING.md): each imports only from those above it
    # in this list. core comes before django_tasks_db so that its `db_worker` command is the one that runs.
    "fairinspect.core",
    "django_tasks_db",
    "fairinspect.web",
    "fairinspect.audit",
    "fairinspect.schools",
    "fairinspect.frameworks",
    "fairinspect.accounts",
    "fairinspect.outcomes",
    "fairinspect.administration",
    "fairinspect.workforce",
    "fairinspect.inspections",
    "fairinspect.evidence",
    "fairinspect.grading",
    "fairinspect.reports",
    "fairinspect.scheduling",
    "fairinspect.complaints",
    "fairinspect.survey",
    "fairinspect.analytics",
    "fairinspect.demo",
    "fairinspect.api",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before anything else (see fairinspect.web.health for why).
    "fairinspect.web.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "fairinspect.web.middleware.StaticFilesMiddleware",  # WhiteNoise, plus GOV.UK Frontend's /assets/
    # A request id, and a line of timings for each request the app itself answers.
    "fairinspect.web.logging.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Public pages the same for everyone without an account, kept until their data changes (web.caching).
    "fairinspect.web.caching.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fairinspect.urls"
WSGI_APPLICATION = "fairinspect.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "fairinspect.web.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "fairinspect.web.context_processors.service",
                "fairinspect.inspections.context_processors.national_halt",
            ]
            # The demo's banner, only in the process `fairinspect demo` serves from.
            + (["fairinspect.demo.context_processors.demo"] if env_bool("FAIRINSPECT_DEMO", False) else []),
        },
    },
    {
        # django-ninja's API documentation page is a Django template; every page of ours is Jinja2.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

# DATABASE_URL picks the database: SQLite under var/ when unset, PostgreSQL in production.
if not os.environ.get("DATABASE_URL"):
    # SQLite makes its file but not the folder it goes in, and var/ is not in a fresh clone: without this the
    # first command (even the system checks before `demo` runs) would fail with "unable to open database file".
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'fairinspect.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing half-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in while a lock-out lasts, before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "schools:start"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "fairinspect.accounts.views.locked_out"
# Sign-in failures are counted by username and the visitor's address together; fairinspect.accounts.visitors
# decides the address, from REMOTE_ADDR or, behind the TLS proxies, from the header they write.
AXES_CLIENT_IP_CALLABLE = "fairinspect.accounts.visitors.visitor_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
# Behind the TLS proxy a request that reached it over plain HTTP is sent to HTTPS (health checks excepted).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", BEHIND_TLS_PROXY)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
# As GOV.UK's guidance for service domains asks; a deployment sharing its domain with plain-HTTP sites turns them off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
TLS_PROXY_COUNT = 0  # the trusted proxies in front of the app, each appending to the client address header
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    TLS_PROXY_COUNT = env_int("TLS_PROXY_COUNT", 1)
    if TLS_PROXY_COUNT < 1:
        raise ImproperlyConfigured(f"TLS_PROXY_COUNT={TLS_PROXY_COUNT}: behind a TLS proxy there is at least one")
    # The header as Django's request.META names it: X-Forwarded-For is HTTP_X_FORWARDED_FOR.
    TLS_PROXY_CLIENT_ADDRESS_META_KEY = "HTTP_" + os.environ.get(
        "TLS_PROXY_CLIENT_ADDRESS_HEADER", "X-Forwarded-For"
    ).upper().replace("-", "_")

# Django's built-in Content-Security-Policy: nothing inline runs without the per-response nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# GOV.UK Frontend's compiled assets come straight from the pinned npm package, served under /static/govuk/.
STATICFILES_DIRS = [("govuk", NODE_MODULES_DIR / "govuk-frontend" / "dist" / "govuk")]
# Uploaded and made files (evidence attachments, report cards' PDFs). No MEDIA_URL: they are never served as static
# files, only through views that check who may read them.
MEDIA_ROOT = VAR_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names (far-future caching) and compressed copies; `fairinspect serve` runs collectstatic.
        "BACKEND": "fairinspect.web.storage.StaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve straight from the finders when there is no collectstatic output (the demo, tests).
# Source maps are fetched only by a developer's tools: compressing them (brotli at its slowest, for 6 MB of the API
# documentation's) would cost most of collectstatic's time at each start of `fairinspect serve`.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*whitenoise.compress.Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", not STATIC_ROOT.exists() or DEBUG)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    # Copies of public pages (web.caching), in each process: the most recently used, up to this many.
    "public_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": env_int("PUBLIC_PAGE_COPIES", 1000)},
    },
}

# On PostgreSQL each process keeps the data versions public pages are cached by, told of each change by a
# notification (fairinspect.core.versions); it reads them again this often in case one went astray.
DATA_VERSIONS_LISTEN = env_bool("DATA_VERSIONS_LISTEN", True)
DATA_VERSIONS_RECHECK_SECONDS = env_int("DATA_VERSIONS_RECHECK_SECONDS", 5)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The task worker (fairinspect.core.worker) beats this often; one silent for this long has died, and the tasks
# it had taken go back on the queue. /readyz wants a worker that has beaten within the second period.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5)
WORKER_GONE_AFTER_SECONDS = env_int("WORKER_GONE_AFTER_SECONDS", 30)

# Django 6.1's MAILERS: SMTP by default, configured from EMAIL_* variables; EMAIL_BACKEND picks another
# backend (the demo uses the console one).
EMAIL_BACKEND_PATH = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
        else {},
    }
}
# With NOTIFY_API_KEY set, email goes through GOV.UK Notify (django-gov-notify), which reads its key and
# the ID of a plain-text template (subject and body as placeholders) from these two settings.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
if NOTIFY_API_KEY:
    GOVUK_NOTIFY_API_KEY = NOTIFY_API_KEY
    GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "")
    if not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY is set but NOTIFY_PLAIN_EMAIL_TEMPLATE_ID is not: give the ID of a GOV.UK Notify "
            "email template whose subject is ((subject)) and whose body is ((body))."
        )
    MAILERS = {"default": {"BACKEND": "django_gov_notify.backends.NotifyEmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fairinspect <no-reply@fairinspect.example>")

# LOG_FORMAT=json writes every record as one line of JSON (fairinspect.web.logging), for a log pipeline.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "fairinspect.web.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # A line per request; runserver (the demo) prints its own.
        "fairinspect.requests": {"level": "WARNING" if DEBUG else "INFO"},
        # Django's default logging gives "django" a console handler of its own in DEBUG; with ours on the root
        # as well, every record under django.* (task progress, say) was printed twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


class FairinspectSettings(TypedDict):
    """The service's own settings, read as `settings.FAIRINSPECT["NOTICE_WORKING_DAYS"]`. Typed, so that the type
    checker knows each value's type and refuses a name that is not here."""

    SERVICE_NAME: str
    SEARCH_PAGE_SIZE: int
    NOTICE_WORKING_DAYS: int
    ON_SITE_WORKING_DAYS: int
    DEFERRAL_DECISION_WORKING_DAYS: int
    PAUSE_MAX_WORKING_DAYS: int
    CONFLICT_DISTANCE_KM: int
    CONFLICT_LOOK_BACK_YEARS: int
    RECENT_HMI_EXPERIENCE_YEARS: int
    BOARD_WEEKS: int
    SCHOOL_TERMS_FILE: str
    SUPPORT_HELPLINE: str
    FACTUAL_ACCURACY_WORKING_DAYS: int
    PUBLICATION_TARGET_WORKING_DAYS: int
    SAMARITANS: str
    EVIDENCE_ATTACHMENT_MAX_BYTES: int
    SURVEY_OPEN_WORKING_DAYS: int
    CONCERN_RESPONSE_WORKING_DAYS: int
    COMPLAINT_WORKING_DAYS: int
    COMPLAINT_HOLD_WORKING_DAYS: int
    COMPLAINT_DECISION_WORKING_DAYS: int
    ESCALATION_WORKING_DAYS: int


FAIRINSPECT: FairinspectSettings = {
    "SERVICE_NAME": "School inspections",
    "SEARCH_PAGE_SIZE": env_int("SEARCH_PAGE_SIZE", 20),
    # The inspection lifecycle. Since September 2024 the school is called on a working day and the team
    # is on site the next two working days.
    "NOTICE_WORKING_DAYS": env_int("NOTICE_WORKING_DAYS", 1),
    "ON_SITE_WORKING_DAYS": env_int("ON_SITE_WORKING_DAYS", 2),
    "DEFERRAL_DECISION_WORKING_DAYS": env_int("DEFERRAL_DECISION_WORKING_DAYS", 1),
    "PAUSE_MAX_WORKING_DAYS": env_int("PAUSE_MAX_WORKING_DAYS", 5),
    # Conflicts of interest: an inspector's own school's neighbours within this distance, and schools they
    # worked at or inspected within this many years, are refused.
    "CONFLICT_DISTANCE_KM": env_int("CONFLICT_DISTANCE_KM", 15),
    "CONFLICT_LOOK_BACK_YEARS": env_int("CONFLICT_LOOK_BACK_YEARS", 5),
    # An Ofsted Inspector may lead inspections for this many years after they last worked as an HMI.
    "RECENT_HMI_EXPERIENCE_YEARS": env_int("RECENT_HMI_EXPERIENCE_YEARS", 3),
    "BOARD_WEEKS": env_int("BOARD_WEEKS", 6),
    # The school terms inspections are planned in: a file shaped like scheduling/data/terms.yaml, or blank for
    # England's usual dates shipped there.
    "SCHOOL_TERMS_FILE": os.environ.get("SCHOOL_TERMS_FILE", ""),
    "SUPPORT_HELPLINE": "Education Support's free helpline on 08000 562 561 (open every day, all day)",
    # The report: the school has this many working days to comment on the draft's facts, and the report is due
    # to be published within this many working days of the last day on site.
    "FACTUAL_ACCURACY_WORKING_DAYS": env_int("FACTUAL_ACCURACY_WORKING_DAYS", 5),
    "PUBLICATION_TARGET_WORKING_DAYS": env_int("PUBLICATION_TARGET_WORKING_DAYS", 30),
    "SAMARITANS": "Samaritans on 116 123 (free, any time, day or night)",
    # Photographs of pupils' work and scanned documents, taken on a tablet: one file may be at most this big.
    "EVIDENCE_ATTACHMENT_MAX_BYTES": env_int("EVIDENCE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
    # A school may answer the impact survey until this many working days after its report's publication.
    "SURVEY_OPEN_WORKING_DAYS": env_int("SURVEY_OPEN_WORKING_DAYS", 20),
    # Concerns and complaints (DOMAIN.md §5). A senior inspector on duty answers a concern by the end of this many
    # working days after it is raised.
    "CONCERN_RESPONSE_WORKING_DAYS": env_int("CONCERN_RESPONSE_WORKING_DAYS", 1),
    # A formal complaint is made within this many working days of the report's publication; one made no later than
    # COMPLAINT_HOLD_WORKING_DAYS after the last day on site, before publication, holds publication until decided.
    "COMPLAINT_WORKING_DAYS": env_int("COMPLAINT_WORKING_DAYS", 10),
    "COMPLAINT_HOLD_WORKING_DAYS": env_int("COMPLAINT_HOLD_WORKING_DAYS", 2),
    "COMPLAINT_DECISION_WORKING_DAYS": env_int("COMPLAINT_DECISION_WORKING_DAYS", 30),
    # The school may ask for independent adjudication within this many working days of the complaint's outcome.
    "ESCALATION_WORKING_DAYS": env_int("ESCALATION_WORKING_DAYS", 60),
}
