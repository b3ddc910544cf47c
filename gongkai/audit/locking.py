"""The one lock helper of every workflow: inside the service's transaction, the row is read
again with a row lock (SELECT ... FOR UPDATE; SQLite's IMMEDIATE transactions serialise writers)
and refused if someone changed it since the user saw `version`."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)


def locked(instance: M, version: int | None, stale: type[Exception], queryset: Any = None) -> M:
    """`instance` as stored now, locked until the transaction ends; `stale()` is raised when
    its version is no longer `version` (None: the caller holds no version, e.g. the system)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked() must be called inside the service's transaction")
    rows = queryset if queryset is not None else type(instance)._default_manager
    current: M = rows.select_for_update().get(pk=instance.pk)
    if version is not None and current.version != version:  # type: ignore[attr-defined]
        raise stale()
    return current
