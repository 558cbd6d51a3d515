"""Every setting comes from the environment; the defaults run the embedded demo.

Production mode (``STYRSAM_ENV=production``) refuses to start with the demo secret,
turns on secure cookies and HSTS, and expects PostgreSQL through ``DATABASE_URL``.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """A whole number of at least 0 from the environment; ``default`` when unset or empty. Any
    other value stops the start with the variable's name (not a ``ValueError`` traceback)."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        raise ImproperlyConfigured(
            f"{name} ska vara ett heltal från 0 och uppåt, inte {value!r} "
            f"({name} must be a whole number of 0 or more)."
        )
    return int(value)


def env_hours(name: str, default: float) -> float:
    """A number of hours greater than 0 from the environment ("8.5" or "8,5"); ``default``
    when unset or empty. Any other value stops the start with the variable's name."""
    value = (os.environ.get(name) or "").strip()
    if not value:
        return default
    try:
        hours = float(value.replace(",", "."))
    except ValueError:
        hours = math.nan
    if not (value.isascii() and math.isfinite(hours) and hours > 0):
        raise ImproperlyConfigured(
            f"{name} ska vara ett antal timmar större än 0, t.ex. 8,5, inte {value!r} "
            f"({name} must be a number of hours greater than 0, e.g. 8.5)."
        )
    return hours


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


ENVIRONMENT = env("STYRSAM_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEMO_SECRET_KEY = "styrsam-demo-secret-not-for-production"  # noqa: S105 - refused in production

SECRET_KEY = env("SECRET_KEY", DEMO_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "STYRSAM_ENV=production kräver en egen SECRET_KEY på minst 50 tecken "
        "(production mode needs its own SECRET_KEY of at least 50 characters)."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(env("STYRSAM_DATA_DIR", str(PROJECT_DIR / "data")))
# The host part of calendar UIDs (meeting-12@<domain>); keep it once feeds are subscribed.
STYRSAM_CALENDAR_UID_DOMAIN = env("STYRSAM_CALENDAR_UID_DOMAIN", "") or ""
STYRSAM_POLICY = env("STYRSAM_POLICY", str(BASE_DIR / "guideline" / "default_policy.yaml"))
# The address citizens and staff reach Styrsam at: links in e-mails sent outside a request
# (citizen panels' personal links, reminders).
STYRSAM_PUBLIC_URL = env("STYRSAM_PUBLIC_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc served from our own static files, no CDN
    "csp",
    "django_htmx",
    "axes",
    "django_filters",
    "django_tables2",
    "rules.apps.AutodiscoverRulesConfig",
    "health_check",
    "styrsam.core",
    "styrsam.guideline",
    "styrsam.organisation",
    "styrsam.systems",
    "styrsam.rental",
    "styrsam.servicedesk",
    "styrsam.meetings",
    "styrsam.cases",
    "styrsam.finance",
    "styrsam.followup",
    "styrsam.documents",
    "styrsam.projects",
    "styrsam.ops",
    "styrsam.demo",  # the demo municipality and `styrsam manage benchmark` (no models)
]

MIDDLEWARE = [
    "styrsam.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "styrsam.core.middleware.SwedishByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "styrsam.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "styrsam.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its answer (styrsam.core.auth).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "styrsam.urls"
WSGI_APPLICATION = "styrsam.wsgi.application"

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
                "styrsam.core.context_processors.styrsam",
                "styrsam.ops.sso.login_context",
            ],
            # filters every template may use without {% load %}
            "builtins": ["styrsam.guideline.templatetags.policy"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'styrsam.sqlite3'}"),
        # Persistent connections in production (one per gunicorn thread), checked before reuse
        # so that a restarted PostgreSQL costs no failed request.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not env("DATABASE_URL"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    # SQLite as a real embedded database (issue #12): WAL lets readers and one writer work side
    # by side; BEGIN IMMEDIATE takes the write lock at the start of a transaction, so two
    # writers queue (up to SQLITE_TIMEOUT seconds) instead of failing with "database is
    # locked" when a reading transaction tries to start writing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    env("DB_PREPARE_THRESHOLD", "3").strip()
):
    # Prepared statements (docs/decisions/0025): the values are sent apart from the SQL
    # (server-side binding), and a query sent more than DB_PREPARE_THRESHOLD times on a
    # connection is prepared, so PostgreSQL plans it once per connection instead of on every
    # request (the start page's 15 queries took ~10 ms to plan at scale).
    # DB_PREPARE_THRESHOLD= (empty) turns it off, e.g. behind a connection pooler in
    # transaction mode that does not keep prepared statements (PgBouncer before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": env_int("DB_PREPARE_THRESHOLD", 3)}
    )

# The role that owns the tables, for `styrsam upgrade` (migrations), backup and restore, when
# DATABASE_URL connects as a role that may only read and write rows.
MIGRATE_DATABASE_URL = env("MIGRATE_DATABASE_URL", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (user name, address) before any password is tested.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # An OpenID Connect backend (Entra ID, Keycloak) is added here; see docs/decisions/0003.
    *env_list("STYRSAM_EXTRA_AUTH_BACKENDS"),
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_URL = env("ADMIN_URL", "admin/")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes, docs/decisions/0011): failures per (normalised user name,
# client address) inside a window, counted in the database so that every worker shares them.
LOGIN_THROTTLE_MAX_FAILURES = env_int("LOGIN_THROTTLE_MAX_FAILURES", 5)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 900)
# Read from the two settings above at each attempt (styrsam.core.auth).
AXES_FAILURE_LIMIT = "styrsam.core.auth.failure_limit"
AXES_COOLOFF_TIME = "styrsam.core.auth.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "styrsam.core.auth.axes_username"
AXES_WHITELIST_CALLABLE = "styrsam.core.auth.not_a_password_login"
AXES_LOCKOUT_CALLABLE = "styrsam.core.auth.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy: the header it sets with the client's address (e.g.
# HTTP_X_FORWARDED_FOR) and how many proxies stand in front. Without it only REMOTE_ADDR counts,
# so a client cannot choose its own address with a forged header.
_client_ip_header = env("STYRSAM_CLIENT_IP_HEADER", "")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    (_client_ip_header, "REMOTE_ADDR") if _client_ip_header else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_COUNT = env_int("STYRSAM_PROXY_COUNT", 0) or None

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
if PRODUCTION:
    # Production serves collected static files itself (`styrsam serve` collects them first);
    # the demo's runserver serves them straight from the apps.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"

_redis_url = env("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "styrsam@localhost")

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "styrsam.core.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Error responses, security and user references for generated clients (issue #20).
    "DEFAULT_SCHEMA_CLASS": "styrsam.core.api_schema.StyrsamAutoSchema",
    # JSON is the one request content type; a view that receives a file adds multipart.
    # The JSON parser has a depth limit and wants an object (styrsam.core.parsers).
    "DEFAULT_PARSER_CLASSES": ["styrsam.core.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "styrsam.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "styrsam.core.api.exception_handler",
    # A viewset's ``filterset_class`` (the list's FilterSet, core/lists.py) filters its list.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Styrsam API",
    "DESCRIPTION": "Styrning av e-förvaltning och IT. Fel returneras som "
    '{"code", "detail", "rule"}.',
    "VERSION": "1",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name for a choice set that several serializers use.
    "ENUM_NAME_OVERRIDES": {
        "DecisionOutcomeEnum": "styrsam.cases.models.Decision.Outcome",
        "CaseStatusEnum": "styrsam.cases.models.Case.Status",
        "BudgetKindEnum": "styrsam.finance.models.BudgetKind",
        "QuestionKindEnum": "styrsam.followup.models.Question.Kind",
        "DocumentKindEnum": "styrsam.documents.models.Document.Kind",
        "DocumentVersionStatusEnum": "styrsam.documents.models.DocumentVersion.Status",
        "PublicationChannelEnum": "styrsam.documents.models.Publication.Channel",
        "DocumentChangeKindEnum": "styrsam.documents.text.CHANGE_KINDS",
        "ProjectPhaseEnum": "styrsam.projects.models.Project.Phase",
        "ProjectLightEnum": "styrsam.projects.models.Light",
    },
}

# A session lasts one working day (8 h + lunch = 9 h) unless SESSION_HOURS says otherwise;
# an API token API_TOKEN_TTL_DAYS (30) from when it was issued (styrsam.core.tokens).
SESSION_COOKIE_AGE = int(env_hours("SESSION_HOURS", 9) * 3600)
API_TOKEN_TTL_DAYS = env_int("API_TOKEN_TTL_DAYS", 30)
# Content-Security-Policy (django-csp, docs/decisions/0011): only our own scripts, styles and
# images; no inline script or style (htmx's indicator style is switched off in base.html).
# The API documentation (Redoc) relaxes styles and workers on its own page only (urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page of Styrsam uses are denied to every page (styrsam.core.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=()"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs to stderr (journald, the container runtime). LOG_FORMAT=json writes one JSON object per
# line; every line carries the request id (styrsam.core.request_id). LOG_LEVEL=INFO adds one
# line per request (logger styrsam.requests) and each task's start and end.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "styrsam.core.request_id.RequestIdLogFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "styrsam.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Periodic work (celery beat): the schedule is one line per task in styrsam/schedule.py.
from styrsam.schedule import beat_schedule  # noqa: E402

CELERY_BEAT_SCHEDULE = beat_schedule()
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# A task is acknowledged after it ran, so a worker that dies mid-task leaves it for another
# worker (tasks are idempotent or harmless to repeat); one task at a time per worker process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Retries of a failing task (styrsam.core.tasking.ReportedTask): how many, and the longest wait.
CELERY_TASK_MAX_RETRIES = env_int("CELERY_TASK_MAX_RETRIES", 5)
CELERY_TASK_RETRY_BACKOFF_MAX = env_int("CELERY_TASK_RETRY_BACKOFF_MAX", 600)

# Who gets the e-mail when a task has failed for good (and Django's error reports):
# ADMINS=drift@kommun.se,it-stod@kommun.se
ADMINS = [(address, address) for address in env_list("ADMINS")]
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Health (/health/, styrsam.ops.health) must answer a load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Prometheus metrics (django-prometheus), off by default: METRICS_ENABLED=1 serves them at
# /METRICS_PATH (default "metrics") and counts requests, responses and exceptions by view.
METRICS_ENABLED = env_bool("METRICS_ENABLED")
METRICS_PATH = (env("METRICS_PATH", "metrics") or "metrics").strip("/")
if METRICS_ENABLED:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")

# Production renders from the cached template loader (explicitly; Django's default when
# DEBUG is off) so that no request reads a template file twice.
if PRODUCTION:
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]

# Single sign-on with OpenID Connect (mozilla-django-oidc; docs/decisions/0007), on when
# OIDC_RP_CLIENT_ID is set. Users are matched by OIDC_MATCH_CLAIM (email by default) and
# created on first login only with OIDC_CREATE_USER=1. Roles are never taken from the identity
# provider: they are given in Styrsam. LOCAL_LOGIN_ENABLED=0 switches password login off.
OIDC_ENABLED = bool(env("OIDC_RP_CLIENT_ID"))
LOCAL_LOGIN_ENABLED = env_bool("LOCAL_LOGIN_ENABLED", default=True)
if not LOCAL_LOGIN_ENABLED and not OIDC_ENABLED:
    raise ImproperlyConfigured(
        "LOCAL_LOGIN_ENABLED=0 kräver single sign-on (OIDC_RP_CLIENT_ID); ingen kan annars "
        "logga in (password login off needs OpenID Connect configured)."
    )
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
OIDC_MATCH_CLAIM = env("OIDC_MATCH_CLAIM", "email")
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER")
OIDC_LOGIN_LABEL = env("OIDC_LOGIN_LABEL", "")
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the logout at the identity provider
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_OP_LOGOUT_URL_METHOD = "styrsam.ops.sso.provider_logout_url"
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("styrsam.ops.sso.OIDCBackend")
if not LOCAL_LOGIN_ENABLED:
    # The model backend still answers permission questions; it no longer checks passwords
    # (the login page, the API's token login and the admin alike).
    AUTHENTICATION_BACKENDS[
        AUTHENTICATION_BACKENDS.index("django.contrib.auth.backends.ModelBackend")
    ] = "styrsam.ops.sso.NoPasswordModelBackend"
