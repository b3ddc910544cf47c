from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# Serve static files straight from the apps (no collectstatic in development).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
