"""Everything lives here; production.py and test.py only override (HackSoft layout)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from config.env import (
    BASE_DIR,
    VAR_DIR,
    database_app_role,
    default_database,
    env_bool,
    env_int,
    env_list,
    env_str,
    get_secret,
    local_secret_key,
    media_root,
    replica_database,
    storage_settings,
)

SECRET_KEY = get_secret("DJANGO_SECRET_KEY") or local_secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "django.contrib.postgres",
    "procrastinate.contrib.django",
    "treem.core",
    "treem.geo",
    "treem.accounts",
    "treem.audit",
    "treem.registry",
    "treem.cases",
    "treem.indicators",
    "treem.plans",
    "treem.activities",
    "treem.assessment",
    "treem.reporting",
    "treem.web",
]

MIDDLEWARE = [
    "treem.core.middleware.RequestSizeLimitMiddleware",  # 413 before any body is read
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "treem.core.input_guard.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "treem.accounts.middleware.TwoFactorRequiredMiddleware",
    "treem.accounts.middleware.AccessContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "treem.web.context_processors.shell",
                "treem.core.context_processors.data_freshness",
            ],
        },
    }
]

DATABASES = {"default": default_database()}
# Heavy read-only work on a streaming standby (ADR 0030, treem/core/replica.py): with
# DATABASE_REPLICA_URL, views marked use_replica() read from it while its replay lag is at most
# TREEM_REPLICA_MAX_LAG_SECONDS, else from the primary; a standby found down is retried after
# TREEM_REPLICA_RETRY_SECONDS.
if (_replica := replica_database()) is not None:
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["treem.core.replica.ReplicaRouter"]
TREEM_REPLICA_MAX_LAG_SECONDS = env_int("TREEM_REPLICA_MAX_LAG_SECONDS", 30)
TREEM_REPLICA_RETRY_SECONDS = env_int("TREEM_REPLICA_RETRY_SECONDS", 30)
# The role the web server and the worker connect as; ``migrate`` (as the owner) grants it its rights.
TREEM_DB_APP_ROLE = database_app_role()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failed logins, counted per account and, separately, per IP address.
AXES_FAILURE_LIMIT = env_int("TREEM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TREEM_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "treem.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("TREEM_PROXY_COUNT", 0)

# Sessions end after 30 idle minutes and when the browser closes.
SESSION_COOKIE_AGE = env_int("TREEM_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline scripts or styles anywhere: every script and stylesheet is a static file.
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

# Two-factor (TOTP) is required for roles flagged ``requires_2fa`` in the role catalogue, unless
# switched off here (e.g. for a training instance).
TREEM_ENFORCE_2FA = env_bool("TREEM_ENFORCE_2FA", True)
OTP_TOTP_ISSUER = "Treem"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "src" / "treem" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["treem.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads and exports, through one storage interface (ADR 0030): with several web and worker machines,
# TREEM_MEDIA_ROOT is a folder they all share, or TREEM_STORAGE_BACKEND an object store.
MEDIA_ROOT = media_root()
STORAGES = {
    "default": storage_settings(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files are readable by the service account only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Seals of the audit chain (ADR 0013): kept outside the database, in an append-only JSON-lines file,
# and authenticated with an HMAC key the database never holds: TREEM_AUDIT_SEAL_KEY or
# TREEM_AUDIT_SEAL_KEY_FILE, else a key generated once in var/audit/seal.key (demo, development).
TREEM_AUDIT_SEALS_FILE = Path(env_str("TREEM_AUDIT_SEALS_FILE") or VAR_DIR / "audit" / "seals.jsonl")
TREEM_AUDIT_SEAL_KEY_FILE = Path(env_str("TREEM_AUDIT_SEAL_KEY_FILE") or VAR_DIR / "audit" / "seal.key")
TREEM_AUDIT_SEAL_MAIL_TO = env_list("TREEM_AUDIT_SEAL_MAIL_TO", [])
# Where ./treem backup writes when no file is named.
TREEM_BACKUP_DIR = Path(env_str("TREEM_BACKUP_DIR") or VAR_DIR / "backups")

EMAIL_BACKEND = env_str("TREEM_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("TREEM_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("TREEM_SMTP_PORT", 25)
EMAIL_HOST_USER = env_str("TREEM_SMTP_USER", "")
EMAIL_HOST_PASSWORD = get_secret("TREEM_SMTP_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("TREEM_SMTP_TLS", False)
DEFAULT_FROM_EMAIL = env_str("TREEM_FROM_EMAIL", "Treem <no-reply@treem.local>")

# Uploads: a body declaring more than its URL's limit is refused (413) before it is read; see
# treem/core/middleware.py. 10 MB is the limit of attached documents (treem.core.files.MAX_BYTES),
# 100 MB that of a children list to import (treem.registry.importing.MAX_FILE_BYTES), 5 × 10 MB for a
# task's progress report with several evidence files.
TREEM_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
TREEM_UPLOAD_LIMITS = {
    "registry:import": 100 * 1024 * 1024,
    "plans:task": 5 * 10 * 1024 * 1024,
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of form fields or JSON, files excluded
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files are streamed to a temporary file, not kept in RAM
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Background jobs (procrastinate, on the same PostgreSQL). Tests run jobs inline.
TREEM_TASKS_INLINE = env_bool("TREEM_TASKS_INLINE", False)
TREEM_BASE_URL = env_str("TREEM_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TREEM_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
    },
}
