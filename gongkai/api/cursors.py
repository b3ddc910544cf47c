"""The item list's cursor: the last item's publication time and id, base64 (opaque to clients:
items published since do not shift a page)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime


def encode(published_at: datetime, pk: int) -> str:
    raw = f"{published_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(value: str | None) -> tuple[datetime, int] | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        when, pk = raw.split("|")
        return datetime.fromisoformat(when), int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise ValueError(value) from error
