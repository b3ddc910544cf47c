"""Backup and restore of an installation: the database and the uploaded files.

`archive` (the tar file and its manifest, no Django) ← `databases` (a consistent copy per engine,
and loading one back all or nothing) ← `services` (what `gongkai backup` and `gongkai restore`
do, with Django's settings). The search index is never in a backup: restore rebuilds it.
"""

from gongkai.backup.archive import BackupError, Manifest
from gongkai.backup.services import Restored, create_backup, restore, verify

__all__ = ["BackupError", "Manifest", "Restored", "create_backup", "restore", "verify"]
