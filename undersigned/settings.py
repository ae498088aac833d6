"""Settings, read from the environment. One section per concern.

Everything a laptop needs has a working default (SQLite under ``var/``, mail written to
``var/mail/``, an in-process cache); production sets ``DATABASE_URL``, ``EMAIL_URL``,
``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from undersigned.core.secretfiles import write_secret_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UNDERSIGNED_VAR", BASE_DIR / "var")).resolve()
# var/ holds the database, the keys, mail and uploads: readable by their owner only. The
# umask makes every file this process writes (there or anywhere) owner-only too.
os.umask(0o077)
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
VAR_DIR.chmod(0o700)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, or a random one kept in var/ (never a default)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        write_secret_file(path, secrets.token_urlsafe(50))  # never read half-written
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"{path} is empty or too short: delete it to make a new one")
    return key


# --- core -----------------------------------------------------------------------------
SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]").split(",")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "undersigned.core",
    "undersigned.outbox",
    "undersigned.accounts",
    "undersigned.audit",
    "undersigned.orgs",
    "undersigned.letters",
    "undersigned.curation",
    "undersigned.integrations",
    "undersigned.importing",
    "undersigned.publishing",
    "undersigned.advocacy",
    "undersigned.delivery",
]

MIDDLEWARE = [
    # First: forwarded headers count only when they come from a trusted proxy.
    "undersigned.core.middleware.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost, so that even an early refusal (a bad Host: 400) carries the headers.
    "undersigned.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "undersigned.accounts.middleware.SessionTrackingMiddleware",
    "undersigned.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "undersigned.urls"
WSGI_APPLICATION = "undersigned.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "undersigned" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "undersigned.core.context_processors.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------
# SQLite (WAL mode, see core.apps) is the embedded default; DATABASE_URL selects PostgreSQL.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if os.environ.get("DATABASE_POOL"):
        # psycopg's connection pool in each process (DATABASE_POOL=its largest size), instead
        # of one persistent connection per thread. Django then wants CONN_MAX_AGE=0.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1, "max_size": int(os.environ["DATABASE_POOL"]), "timeout": 10}
    if env_bool("DATABASE_PGBOUNCER"):
        # Behind pgbouncer in transaction mode a server connection changes hands between
        # transactions: no server-side cursors, no prepared statements, no persistence.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "undersigned.sqlite3")),
            "CONN_MAX_AGE": 600,  # keep the connection: opening one re-runs the PRAGMAs
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

# --- cache and rate limits --------------------------------------------------------------
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("CACHE_LOCATION", "undersigned"),
    }
}
# Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or
# networks, comma-separated, e.g. "127.0.0.1,10.0.0.0/8"); without it they are ignored.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",")
                   if p.strip()]
# Sign-on submissions allowed per window, per client address and per email address.
SIGNON_RATE_PER_IP = int(os.environ.get("SIGNON_RATE_PER_IP", "20"))
SIGNON_RATE_PER_EMAIL = int(os.environ.get("SIGNON_RATE_PER_EMAIL", "5"))
# Registry matching: pairs at least MATCH_THRESHOLD likely (a probability; unset: the one
# the fitted model chose) are proposed in the review queue; set MATCH_AUTO_LINK (e.g. 0.97)
# to link sign-ons above that probability without a human; MATCH_EMBEDDINGS=0 turns off the
# multilingual embedding (names across scripts are then compared by words and letters).
MATCH_THRESHOLD = os.environ.get("MATCH_THRESHOLD") or None
MATCH_EMBEDDINGS = os.environ.get("MATCH_EMBEDDINGS", "1")
MATCH_AUTO_LINK = os.environ.get("MATCH_AUTO_LINK") or None
CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", "90"))
SIGNON_RATE_WINDOW = int(os.environ.get("SIGNON_RATE_WINDOW", "3600"))
CONFIRMATION_MAX_AGE = 7 * 24 * 3600
# Contact details encrypted at rest (core.crypto). Off only to measure what it costs.
DATA_ENCRYPTION = env_bool("DATA_ENCRYPTION", True)

# --- auth -----------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "letters:manage-home"
LOGOUT_REDIRECT_URL = "letters:home"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_COOKIE_HTTPONLY = True
# Coordinators must set up two-factor authentication before seeing any sign-on.
UNDERSIGNED_REQUIRE_2FA = env_bool("UNDERSIGNED_REQUIRE_2FA", True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- security headers -------------------------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS  # plain HTTP is redirected to HTTPS
# "same-origin": no Referer ever goes to another site. (Strict "no-referrer" makes browsers
# send "Origin: null" with every form, which Django's CSRF origin check rightly refuses.)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- mail -----------------------------------------------------------------------------
# Default: every message written to var/mail/ as an .eml file and echoed on the console.
# EMAIL_URL=smtp://user:pass@host:port (or smtps://, or smtp+starttls://) selects SMTP.
MAIL_DIR = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "undersigned <noreply@localhost>")
EMAIL_BACKEND = "undersigned.core.mail.VarMailBackend"
EMAIL_ECHO = env_bool("EMAIL_ECHO", True)
if os.environ.get("EMAIL_URL"):
    _mail = urlsplit(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "smtp+starttls" or "tls" in parse_qs(_mail.query)
    EMAIL_TIMEOUT = 20

# Mail goes through the outbox (undersigned.outbox): written in the transaction of the change,
# sent by a worker. Message-IDs end in @MESSAGE_ID_DOMAIN (default: SITE_URL's host).
MESSAGE_ID_DOMAIN = os.environ.get("MESSAGE_ID_DOMAIN", "")
# Deliveries to missions: the coalition's address replies go to (the form's default), and
# the Maildir folder `undersigned read-mailbox` reads bounces and replies from.
DELIVERY_REPLY_TO = os.environ.get("DELIVERY_REPLY_TO", "")
DELIVERY_MAILDIR = os.environ.get("DELIVERY_MAILDIR", "")

# --- background tasks -------------------------------------------------------------------
# Django's Tasks API (django-tasks backport) with the database backend (django-tasks-db):
# the queue is a table in the database above, run by `undersigned worker` processes.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],  # any queue name
    }
}
# A worker says it is alive every WORKER_BEAT seconds; one silent for WORKER_LOST_AFTER
# seconds (or whose process is gone, on the same host) has its work taken over.
WORKER_BEAT = float(os.environ.get("WORKER_BEAT", "5"))
WORKER_LOST_AFTER = float(os.environ.get("WORKER_LOST_AFTER", "30"))

# --- i18n -----------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("zh-hant", _("Traditional Chinese")),
    ("zh-hans", _("Simplified Chinese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "undersigned" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- static files: served by whitenoise, never from a CDN ----------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "undersigned" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploads and renders (edition PDFs attached to deliveries) live where every app server and
# worker reads them: MEDIA_ROOT on a shared filesystem, or another Django storage backend
# (STORAGE_BACKEND, e.g. an S3-compatible one installed separately).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"  # never served publicly: files are read by the application
STORAGES = {
    "default": {"BACKEND": os.environ.get("STORAGE_BACKEND",
                                          "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

CSRF_FAILURE_VIEW = "undersigned.core.views.csrf_failure"

# Tests on SQLite use a real file (WAL, several connections), like the application itself.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    (VAR_DIR / "test").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test" / f"{os.getpid()}.sqlite3")}
