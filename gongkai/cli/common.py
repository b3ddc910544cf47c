"""What every `gongkai` command shares: exit statuses, and Django set up only by the commands
that need the platform's database."""

from __future__ import annotations

import os

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def setup_django() -> None:
    """Django with the development settings unless DJANGO_SETTINGS_MODULE says otherwise;
    `check`, `render`, `deadline` and `calendar` never call it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
