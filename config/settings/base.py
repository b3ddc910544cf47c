"""Settings shared by every environment; values come from the environment (12-factor).

`dev`, `test` and `prod` only override. Domain modules never read settings.
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONCE

# Lets annotations like ModelForm[Application] and ModelAdmin[Agency] work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "gongkai.core",
    "gongkai.accounts",
    "gongkai.orgs",
    "gongkai.audit",
    "gongkai.calendar",
    "gongkai.applications",
    "gongkai.disputes",
    "gongkai.annual",
    "gongkai.publishing",
    "gongkai.worklog",
    "gongkai.search",
    "gongkai.sitecheck",
    "gongkai.notify",
    "gongkai.nationwide",
    "gongkai.office",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.demo",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "login"
# A signed-in session ends after this many minutes without a request (0: never).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public reads from the replica, when there is one (gongkai/core/replicas.py).
    "gongkai.core.replicas.ReplicaReads",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in users: signed out after SESSION_IDLE_MINUTES idle; sent to the password change
    # page while their password is one someone else has seen (gongkai/accounts/middleware.py).
    "gongkai.accounts.middleware.IdleLogout",
    "gongkai.accounts.middleware.PasswordChangeRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# --- Security headers on every response -------------------------------------------------------
# The pages run no script of their own and carry no inline style: everything comes from our
# static files, so the policy allows nothing else (an injected <script> or style="" does not run,
# a page cannot be framed, a form cannot post elsewhere). The Django admin keeps to it too. The
# one exception is the monthly self-check report shown as a page: a standalone document whose
# <style> carries the response's nonce (django-csp adds it to the header only where used).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"  # a case's or a search's address never leaves the site
# No page needs the browser's devices or sensors.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics",
    )
}  # fmt: skip

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "gongkai.search.context.search_health",
                "gongkai.portal.context.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock up front so
    # concurrent writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A connection is kept for a minute of requests, on SQLite too: opening one there runs the
# PRAGMAs above and reads the schema again: a third of the instructions of a page not in the page
# cache (bench/portal.py). Stop the server before a restore (docs/operations.md), as before.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))

# A PostgreSQL streaming replica for public reads (gongkai/core/replicas.py): the router sends
# public GETs there, everything else to the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["gongkai.core.replicas.Router"]
REPLICA_READS = "replica" in DATABASES
# Uploads sent by nginx after the view's checks (X-Accel-Redirect): the internal location's
# prefix, e.g. "/protected/" (docs/operations.md); empty: Django sends them.
DOWNLOADS_X_ACCEL = env("DOWNLOADS_X_ACCEL", default="")
# How many web nodes serve this installation (core.checks refuses what cannot be shared).
WEB_NODES = env.int("WEB_NODES", default=1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded reports are read in memory and never stored; this bounds what one upload may cost.
REPORT_UPLOAD_MAX_BYTES = env.int("REPORT_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = REPORT_UPLOAD_MAX_BYTES

MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=30 * 1024 * 1024)

# Search: "tantivy" (embedded index files, the default) or "postgres" (GIN, inside the database).
SEARCH_BACKEND = env("SEARCH_BACKEND", default="tantivy")
SEARCH_INDEX_DIR = env.path("SEARCH_INDEX_DIR", default=BASE_DIR / "var" / "search-index")

# The checker as a service (POST /api/v1/check): checks a minute per client.
API_CHECKS_PER_MINUTE = env.int("API_CHECKS_PER_MINUTE", default=30)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }

# Background work (the daily website self-check): Django's Tasks API, queued in the database,
# run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The website self-check crawls the platform's own pages at this address (loopback by default);
# external links are followed only when the operator turns it on.
SITECHECK_BASE_URL = env("SITECHECK_BASE_URL", default="http://127.0.0.1:8000")
SITECHECK_EXTERNAL_LINKS = env.bool("SITECHECK_EXTERNAL_LINKS", default=False)
SITECHECK_MAX_PAGES = env.int("SITECHECK_MAX_PAGES", default=3000)
SITECHECK_DAILY_AT = env("SITECHECK_DAILY_AT", default="02:30")  # local time

# --- Notifications (gongkai/notify) ---------------------------------------------------------
# E-mail to applicants and the staff's daily digest: Django's e-mail, SMTP by default. Text
# messages through NOTIFY_SMS_BACKEND (a dotted path to a class with send(to, text)); the
# default only writes them to the log, so no vendor is tied in.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)  # seconds; a send is retried after failing
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="政府信息公开平台 <noreply@localhost>")
NOTIFY_SMS_BACKEND = env("NOTIFY_SMS_BACKEND", default="gongkai.notify.sms.LoggingBackend")
# The public address of the platform, for the links in messages ("" : no link, the page named).
NOTIFY_SITE_URL = env("NOTIFY_SITE_URL", default="")
NOTIFY_DIGEST_AT = env("NOTIFY_DIGEST_AT", default="07:30")  # local time, the staff's digest

# --- Brute force -----------------------------------------------------------------------------
# Login lockout with back-off: django-axes, its database handler (shared by every process, on
# SQLite and PostgreSQL), counting per username and client address; the rules and why are in
# gongkai/accounts/lockout.py. AxesStandaloneBackend refuses a locked-out login before the
# password is checked; it needs `request` in authenticate(), which the login views pass.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "gongkai.accounts.lockout.Handler"
AXES_FAILURE_LIMIT = "gongkai.accounts.lockout.failure_limit"  # 5
AXES_COOLOFF_TIME = "gongkai.accounts.lockout.cool_off"  # 15 min, doubling, at most 24 h
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "gongkai.accounts.lockout.username"
AXES_CLIENT_IP_CALLABLE = "gongkai.core.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.lockout.response"
AXES_COOLOFF_MESSAGE = "登录失败次数过多，已暂时锁定，请稍后再试。"
AXES_VERBOSE = False  # no start-up banner on every command; failures are still logged
# The header the site's own reverse proxy sets with the client's address (X-Forwarded-For,
# X-Real-IP); empty: REMOTE_ADDR. Set it only behind such a proxy: clients can send it too.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="")
# Key of the 查询码 digests (gongkai/applications/checkcodes.py). Set it once: changing it makes
# every check code already handed out stop working.
CHECK_CODE_SECRET = env("CHECK_CODE_SECRET", default=SECRET_KEY)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"pdfminer": {"level": "ERROR"}},
}
