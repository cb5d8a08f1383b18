"""Settings, read from the environment (see the settings table in the README).

SQLite in the data directory is the default; DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
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
HOME.mkdir(parents=True, exist_ok=True)


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
    "backstory.core",
    "backstory.workspaces",
    "backstory.people",
    "backstory.interactions",
    "backstory.followups",
    "backstory.stories",
    "backstory.intros",
    "backstory.transfer",
    "backstory.search",
    "backstory.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "backstory.workspaces.middleware.WorkspaceMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
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
MEDIA_ROOT = HOME / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The app serves its own static files (no collectstatic step needed to run it).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_SECURE = env_bool("BACKSTORY_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("BACKSTORY_UPLOAD_MAX_MB", 25) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
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
# How often `backstory serve` looks for digests that are due (seconds).
BACKSTORY_SCHEDULER_INTERVAL = env_int("BACKSTORY_SCHEDULER_INTERVAL", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("BACKSTORY_LOG_LEVEL", "WARNING")},
}
