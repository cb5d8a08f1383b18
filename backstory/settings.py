"""Settings, read from the environment (see the settings table in the README).

SQLite in the data directory is the default; DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from platformdirs import user_data_dir


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
HOME = Path(env_str("BACKSTORY_HOME") or user_data_dir("backstory", appauthor=False))
# The data directory holds the database, the secret key, uploads and import files: it is
# its owner's alone (0700), and everything this process writes is created 0600 (umask),
# including files written by code added later. An older, world-readable directory is
# tightened on start when it belongs to us.
os.umask(0o077)
HOME.mkdir(mode=0o700, parents=True, exist_ok=True)


def _tighten(path: Path, mode: int) -> None:
    if hasattr(os, "getuid") and path.stat().st_uid == os.getuid():
        path.chmod(mode)


_tighten(HOME, 0o700)


def _secret_key() -> str:
    """The secret key comes from the environment or is generated once into the data directory."""
    if env_str("BACKSTORY_SECRET_KEY"):
        return env_str("BACKSTORY_SECRET_KEY")
    path = HOME / "secret_key"
    if not path.exists():
        # Created with 0600 so that the key is readable by its owner only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("BACKSTORY_DEBUG")
ALLOWED_HOSTS = env_list("BACKSTORY_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("BACKSTORY_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("BACKSTORY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "axes",
    "backstory.core",
    "backstory.workspaces",
    "backstory.people",
    "backstory.interactions",
    "backstory.followups",
    "backstory.stories",
    "backstory.intros",
    "backstory.transfer",
    "backstory.webhooks",
    "backstory.search",
    "backstory.desk",
    "backstory.team",
    "backstory.api",
    "backstory.bench",
    # django-ninja's templates and static files: the API docs page served from here.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "backstory.workspaces.middleware.WorkspaceMiddleware",
    "backstory.core.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backstory.urls"
WSGI_APPLICATION = "backstory.wsgi.application"

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
                "backstory.workspaces.context_processors.workspace",
            ],
        },
    },
]

SQLITE_PATH = HOME / "backstory.sqlite3"
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    # Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    os.close(os.open(SQLITE_PATH, os.O_WRONLY | os.O_CREAT, 0o600))
    _tighten(SQLITE_PATH, 0o600)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so that concurrent writers wait (busy timeout) instead of
                # failing on a lock upgrade half-way through a transaction.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA mmap_size=268435456;"
                    "PRAGMA cache_size=-64000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (backstory.core.caching) must be one that every process serving the workspace
# shares, or a value cached by one process outlives a write made through another:
# - BACKSTORY_REDIS_URL set (e.g. redis://127.0.0.1:6379/0): Redis, through Django's own
#   backend and redis-py — what several servers on several machines use;
# - otherwise a file cache in the data directory, which every gunicorn worker and the job
#   worker of one machine share (a local-memory cache would be one per process, and
#   `serve` runs several). Sessions stay in the database either way, and so do the
#   sign-in throttle (django-axes' database handler) and the import progress.
REDIS_URL = env_str("BACKSTORY_REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "backstory"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(HOME / "cache")}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "workspaces:signin"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("BACKSTORY_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploaded import files wait here between preview and commit. With more than one server,
# every server (and every `backstory worker`) must see the same folder: point
# BACKSTORY_UPLOADS_DIR at a shared mount (README, "More than one server").
MEDIA_ROOT = Path(env_str("BACKSTORY_UPLOADS_DIR") or HOME / "uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The app serves its own static files (no collectstatic step needed to run it).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions live in the database, so that any server can serve any signed-in request
# (every server must then share BACKSTORY_SECRET_KEY too: it signs the cookies).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_SECURE = env_bool("BACKSTORY_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Security (the README's Security section explains each setting) ----------------------------
# HTTPS: both off by default, because `make run` serves plain HTTP on 127.0.0.1.
SECURE_HSTS_SECONDS = env_int("BACKSTORY_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("BACKSTORY_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("BACKSTORY_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = env_bool("BACKSTORY_SSL_REDIRECT")
if env_bool("BACKSTORY_BEHIND_HTTPS_PROXY"):
    # Only behind a proxy that sets X-Forwarded-Proto itself (and strips a client's own).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Asking browsers to preload HTTPS for the whole domain is the site owner's commitment
# (hstspreload.org), not the app's: without BACKSTORY_HSTS_PRELOAD its warning is noise.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Every file the server writes is its owner's alone (see the umask above).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Content-Security-Policy (django-csp 4): scripts only from our own static files, never
# inline and never eval (htmx runs with allowEval off, see base.html). Styles: the
# stylesheet is ours alone (no <style> elements), but style="" attributes stay allowed —
# templates set widths of meters and progress bars from data, and an attribute cannot run
# script; a style element or a stylesheet from elsewhere could.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sign-in throttling (django-axes): after BACKSTORY_SIGNIN_ATTEMPTS failed sign-ins for one
# user name, or from one address, that name or address waits BACKSTORY_SIGNIN_COOLOFF_MINUTES
# (any attempt while locked, the right password too, starts the wait again).
# `backstory unlock NAME` lifts it at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted in the database, so that every server sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("BACKSTORY_SIGNIN_ATTEMPTS", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("BACKSTORY_SIGNIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "backstory.workspaces.signin.attempted_username"
AXES_CLIENT_IP_CALLABLE = "backstory.workspaces.signin.client_address"
AXES_LOCKOUT_CALLABLE = "backstory.workspaces.signin.lockout_response"
AXES_ENABLE_ADMIN = False
# No log of every successful sign-in (addresses, browsers) that nothing reads; the failures
# are kept while they count, and the server log notes each lockout.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind N reverse proxies the client's address is the Nth from the right in
# X-Forwarded-For; 0 (the default) takes the connection's address.
BACKSTORY_PROXY_COUNT = env_int("BACKSTORY_PROXY_COUNT", 0)

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("BACKSTORY_UPLOAD_MAX_MB", 25) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The largest backup a restore reads, unpacked (checked while it is unpacked).
BACKSTORY_RESTORE_MAX_MB = env_int("BACKSTORY_RESTORE_MAX_MB", 512)
# What one import reads at most (transfer.formats.limits), checked while the file is read.
IMPORT_MAX_ROWS = env_int("BACKSTORY_IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = env_int("BACKSTORY_IMPORT_MAX_COLUMNS", 500)
IMPORT_MAX_CELL_CHARS = env_int("BACKSTORY_IMPORT_MAX_CELL_CHARS", 100_000)
IMPORT_MAX_UNCOMPRESSED_MB = env_int("BACKSTORY_IMPORT_MAX_UNCOMPRESSED_MB", 100)

EMAIL_BACKEND = env_str("BACKSTORY_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("BACKSTORY_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("BACKSTORY_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("BACKSTORY_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("BACKSTORY_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("BACKSTORY_EMAIL_TLS")
EMAIL_USE_SSL = env_bool("BACKSTORY_EMAIL_SSL")
EMAIL_TIMEOUT = env_int("BACKSTORY_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("BACKSTORY_FROM_EMAIL", "Backstory <backstory@localhost>")
# How long an invitation link to a workspace stays valid (days).
BACKSTORY_INVITATION_DAYS = env_int("BACKSTORY_INVITATION_DAYS", 7)
# The API's rate limit per personal token (backstory/api/throttle.py): "N/s", "N/m", "N/h".
BACKSTORY_API_RATE = env_str("BACKSTORY_API_RATE", "600/m")
# How often `backstory serve` looks for digests that are due (seconds).
BACKSTORY_SCHEDULER_INTERVAL = env_int("BACKSTORY_SCHEDULER_INTERVAL", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BACKSTORY_LOG_LEVEL", "WARNING")},
}

# Background jobs (import previews and commits): Django's Tasks API through django-tasks,
# with its database backend, so that a job is a row in the database — it survives a
# restart, any server's worker may take it (row locks), on SQLite and PostgreSQL alike.
# `backstory serve` starts a worker beside gunicorn; `backstory worker` runs one alone.
# See docs/transfer.md ("Background jobs").
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job that runs longer than this many seconds is stopped and its import marked failed
# (nothing is written: the import's transaction is rolled back).
BACKSTORY_JOB_TIME_LIMIT = env_int("BACKSTORY_JOB_TIME_LIMIT", 600)
# The progress of a running job is written on a connection of its own, outside the job's
# transaction. On PostgreSQL that is the same database; SQLite has one writer at a time,
# so there the progress lives in a small second database file beside the main one.
BACKSTORY_PROGRESS_SQLITE = HOME / "progress.sqlite3"

# Webhooks (an owner's URLs that receive the workspace's events, signed; see README).
# Only public addresses are called unless this is set (tests, or a receiver on this
# machine or the local network); a URL's host is resolved and checked at every attempt.
BACKSTORY_WEBHOOKS_ALLOW_PRIVATE = env_bool("BACKSTORY_WEBHOOKS_ALLOW_PRIVATE")
# Seconds to connect and for each read of the answer.
BACKSTORY_WEBHOOKS_TIMEOUT = env_int("BACKSTORY_WEBHOOKS_TIMEOUT", 10)
# Attempts per delivery, and the wait after the first failure (each next is 4x longer).
BACKSTORY_WEBHOOKS_MAX_ATTEMPTS = env_int("BACKSTORY_WEBHOOKS_MAX_ATTEMPTS", 8)
BACKSTORY_WEBHOOKS_RETRY_SECONDS = env_int("BACKSTORY_WEBHOOKS_RETRY_SECONDS", 30)
