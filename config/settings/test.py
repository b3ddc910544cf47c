import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not the in-memory default: concurrency tests run many connections at once, and
# SQLite's shared-cache memory database reports "table is locked" instead of waiting. One per
# test process, so that two runs on one checkout (two terminals, CI's passes) never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"gongkai-test-{os.getpid()}.sqlite3")
    }
# Threads of the live server and of the concurrency test must not keep connections open past
# their requests, or the test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A read replica as a test mirror of the primary (Django points the alias at the same test
# database); public reads go to it only in the tests that turn REPLICA_READS on and name both
# databases (gongkai/core/tests/test_replicas.py): the others see one database.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPLICA_READS = False

# Each test process (xdist worker) gets its own search index.
SEARCH_INDEX_DIR = tempfile.mkdtemp(prefix="gongkai-index-")

# Tasks run where they are enqueued, so a test sees their effect at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# E-mail: pytest-django swaps in the in-memory backend; the notification tests point the SMTP
# backend at a real server they start (aiosmtpd) and stop. A stopped server fails at once.
EMAIL_TIMEOUT = 5
NOTIFY_SITE_URL = "http://testserver"

# Login lockout off for the suite: Django's Client.login() calls authenticate() without the
# request axes needs. gongkai/accounts/tests/test_lockout.py turns it on for the lockout tests.
AXES_ENABLED = False
