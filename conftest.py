"""Suite-wide fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache (the calendar fingerprint lives there)."""
    from django.core.cache import cache

    cache.clear()
    yield
