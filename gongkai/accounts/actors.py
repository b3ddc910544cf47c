"""Who an audit row names."""

from __future__ import annotations

from typing import Any


def actor_or_none(actor: Any) -> Any:
    """The signed-in user for an event row; None for the public, the system and imports."""
    return actor if getattr(actor, "is_authenticated", False) else None
