"""Changes to the registers and settings, each written with its audit row in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from gongkai.accounts.actors import actor_or_none
from gongkai.audit.models import RegisterEvent


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, date | Decimal):
            value = str(value)
        out[name] = value
    return out


@transaction.atomic
def record(actor: Any, instance: models.Model, fields: list[str], before: dict[str, Any],
         what: str) -> models.Model:  # fmt: skip
    """Saves `instance` and records the change (`before` is its snapshot before the edit)."""
    instance.save()
    after = snapshot(instance, fields)
    if after != before:
        log(actor, instance, what, before, after)
    return instance


def log(actor: Any, instance: models.Model, what: str, before: dict[str, Any],
        after: dict[str, Any]) -> None:  # fmt: skip
    RegisterEvent.objects.create(
        agency_id=instance.agency_id,  # type: ignore[attr-defined]
        actor=actor_or_none(actor),
        what=what,
        label=str(instance)[:200],
        before=before,
        after=after,
    )
