"""Settings for the Päijät-Häme employment cooperation portal.

One module, driven by the environment. With nothing set, the portal runs on a bare
machine: SQLite in var/ and kombu's filesystem transport as the Celery broker, so a real
worker process works without any server. Set DATABASE_URL (PostgreSQL, psycopg 3) and
CELERY_BROKER_URL (Redis or RabbitMQ) for the production shape, and PORTAL_ENV=production
for the hardened mode that `manage.py check --deploy` accepts.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab  # used by the apps' beat entries
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PORTAL_ENV = os.environ.get("PORTAL_ENV", "development")
PRODUCTION = PORTAL_ENV == "production"
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when PORTAL_ENV=production.")
    # A fixed development key keeps sessions alive across `make run` restarts.
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "csp",
    # The portal's layers, lowest first (README "Layers"; checked by import-linter).
    "cooperation.base",
    "parties",
    "workgroups",
    "cooperation.agreements",
    "procurement",
    "monitoring",
    "cooperation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every other layer, so its Cache-Control is the last word on file responses.
    "cooperation.base.downloads.PrivateDownloadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cooperation.base.middleware.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parties.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # AxesMiddleware last, as django-axes asks, so lockouts answer with our 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cooperation.urls"
WSGI_APPLICATION = "cooperation.wsgi.application"
ASGI_APPLICATION = "cooperation.asgi.application"

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
                "cooperation.base.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a worker process started by a test sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "parties.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-guardian: no anonymous user row; object permissions live in direct FK tables.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Login throttling (parties.login_throttle, docs/security.md): django-axes locks the pair
# normalised e-mail + client address after five failures for 15 minutes, so another address cannot
# lock a person out; a per-account back-off over all addresses slows guessing without locking.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "parties.login_throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "parties.login_throttle.client_ip"
AXES_LOCKOUT_TEMPLATE = "errors/429.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: the client connects
# directly and REMOTE_ADDR is its address). Set it to the real number, never more: a larger number
# would let a client choose its own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_BACKOFF_MAX_SECONDS = int(os.environ.get("LOGIN_BACKOFF_MAX_SECONDS", "60"))

# Two-factor: roles listed here must verify a TOTP device after their password.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "portal_admin,secretary")
OTP_TOTP_ISSUER = "Päijät-Hämeen työllisyysyhteistyö"
# The admin never shows another person's TOTP secret or QR code (that would hand out their second factor);
# django-otp's config/QR views then answer 403 (they answered 500 for an unknown device id).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Dashboard panels are kept rendered per person for this long at most (0 = not at all); a write
# to the data ends them at once (cooperation.base.panel_cache).
DASHBOARD_PANEL_CACHE_SECONDS = int(os.environ.get("DASHBOARD_PANEL_CACHE_SECONDS", "600"))
# Likewise a person's roles and global permissions (parties.permission_cache). Shorter: it also
# bounds how long a change made outside Django (SQL by hand) can take to show.
PERMISSION_CACHE_SECONDS = int(os.environ.get("PERMISSION_CACHE_SECONDS", "120"))

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Report files and attachments: never served directly; views check permissions and stream.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A PDF rendered inside a web request (agenda, minutes, agreement) gets this many seconds, then
# the request answers 503 with a message (cooperation.base.pdf): no request waits above 10 s.
PDF_REQUEST_TIME_LIMIT = float(os.environ.get("PDF_REQUEST_TIME_LIMIT", "6"))
PORTAL_UPLOAD_MAX_BYTES = int(os.environ.get("PORTAL_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tyollisyysportaali@example.fi")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    (_broker_dir / "queue").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcast (pidbox) exchanges; kombu's default is ./control in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# State lives in database rows (report requests etc.), so no result backend is needed.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Memory: a worker child that has grown past this (KiB) is replaced after its task, so one large
# report cannot keep a worker's memory high. A render itself stops (failed, with a message) when
# the process passes REPORT_RENDER_MAX_RSS_MB (monitoring.services.render_pdf_bytes).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", str(600 * 1024)))
REPORT_RENDER_MAX_RSS_MB = int(os.environ.get("REPORT_RENDER_MAX_RSS_MB", "900"))
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Parallel test processes (pytest-xdist) share one broker: each gets its own queue so that the
# worker a test starts only takes that process's tasks (the worker inherits the variable).
_test_process = os.environ.get("PYTEST_XDIST_WORKER", "")
CELERY_TASK_DEFAULT_QUEUE = f"celery-{_test_process}" if _test_process else "celery"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # cooperation: proves the worker is alive; /healthz shows the last heartbeat.
    "cooperation-heartbeat": {"task": "cooperation.tasks.heartbeat_task", "schedule": 60.0},
    # cooperation: reminders before agreements end and before dispute negotiation deadlines.
    "cooperation-agreement-reminders": {
        "task": "cooperation.tasks.send_agreement_reminders_task", "schedule": crontab(hour=7, minute=15),
    },

    # workgroups
    # (hourly: each reminder is claimed once per item and day, so repeats send nothing twice)
    "workgroups-action-reminders": {"task": "workgroups.tasks.send_action_item_reminders_task", "schedule": 3600.0},
    "workgroups-sync-body-permissions": {"task": "workgroups.tasks.sync_body_permissions_task", "schedule": 3600.0},

    # monitoring: hourly check that requests the previous month's report once it is day
    # MONITORING_REPORT_DAY (default 5) or later and none exists (catches up if beat was down),
    # and a sweep that re-sends report requests stuck in queued or whose render lost its worker
    # (every 15 s: a killed render is queued again within 60 s; see monitoring.services).
    "monitoring-monthly-report": {"task": "monitoring.tasks.request_monthly_report_task", "schedule": 3600.0},
    "monitoring-sweep-stuck-reports": {"task": "monitoring.tasks.sweep_stuck_reports_task", "schedule": 15.0},
    # monitoring: StatFin publishes the employment service statistics (12r5 …) around the 20th–25th
    # of the month; fetch daily at 9:30 on days 20–28 (a fetch with no new figures changes nothing).
    "monitoring-statfin-fetch": {"task": "monitoring.tasks.scheduled_statfin_fetch_task",
                                 "schedule": crontab(hour=9, minute=30, day_of_month="20-28")},

    # procurement
}

# --- StatFin (PxWeb API) --------------------------------------------------------------------
STATFIN_API_BASE_URL = os.environ.get("STATFIN_API_BASE_URL", "https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin")
# Table → its path under the base URL; the tables the metric catalogue names (Metric.statfin_table).
STATFIN_TABLES = {
    "12r5": "tyonv/statfin_tyonv_pxt_12r5.px",
    "12ub": "tyonv/statfin_tyonv_pxt_12ub.px",
    "12u4": "tyonv/statfin_tyonv_pxt_12u4.px",
}
STATFIN_MONTHS = int(os.environ.get("STATFIN_MONTHS", "3"))  # the newest months asked for in a fetch
STATFIN_TIMEOUT = float(os.environ.get("STATFIN_TIMEOUT", "30"))  # seconds per HTTP request
STATFIN_ATTEMPTS = int(os.environ.get("STATFIN_ATTEMPTS", "3"))  # tries per request (time-out, 429, 5xx)
STATFIN_MAX_WAIT = float(os.environ.get("STATFIN_MAX_WAIT", "60"))  # longest Retry-After honoured, seconds

# The peer group on the "where we stand" pages: employment-area codes (TA…), comma-separated; empty =
# the areas closest in size (labour force) to each authority (monitoring/standing.py).
MONITORING_PEER_AREAS = [c.strip().upper() for c in os.environ.get("MONITORING_PEER_AREAS", "").split(",")
                         if c.strip()]

# --- Open Contracting Data Standard (procurement/ocds) ----------------------------------------
# The ocid prefix must be registered with the Open Contracting Partnership before the data is
# published to anyone (https://standard.open-contracting.org/latest/en/guidance/build/#register-an-ocid-prefix).
# "ocds-xxxxxx" has the registered form (ocds- and six characters) but is a placeholder: set the
# registered prefix in the environment. Changing it changes every ocid, so set it once.
OCDS_OCID_PREFIX = os.environ.get("OCDS_OCID_PREFIX", "ocds-xxxxxx")
# The publisher of the release and record packages, identified in org-id.guide's FI-PRO scheme
# (Patentti- ja rekisterihallitus) by its business ID (Y-tunnus).
OCDS_PUBLISHER = {
    "name": os.environ.get("OCDS_PUBLISHER_NAME", "Lahden kaupunki"),
    "scheme": "FI-PRO",
    "uid": os.environ.get("OCDS_PUBLISHER_BUSINESS_ID", "0149669-3"),
}

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The first class names the scheme in a 401 challenge: the service-token one.
        "parties.api_auth.ServiceTokenAuthentication",
        "parties.api_auth.PersonTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "cooperation.base.pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "cooperation.base.api_schema.PortalAutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
    "EXCEPTION_HANDLER": "cooperation.base.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Päijät-Häme employment cooperation portal API",
    "DESCRIPTION": "Parties, bodies, decisions, monitoring and procurement of the Päijät-Häme employment "
    "authorities. Machine clients use a service account's expiring, scoped token: "
    "`Authorization: Bearer …` (manage.py create_service_token).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "cooperation.base.api_docs.nullable_fields_hook"],
    # The meetings list and detail share the status choices: one named enum for both.
    "ENUM_NAME_OVERRIDES": {"MeetingStatusEnum": "workgroups.models.Meeting.Status"},
}

# --- Security headers -----------------------------------------------------------------------
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
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A working day, not two weeks: a session ends SESSION_COOKIE_AGE after login (default 9 hours)
# and when the browser closes, so a shared or lost computer does not stay signed in.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(9 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP by the orchestrator inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
