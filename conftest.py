"""Suite-wide fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache (the calendar fingerprint lives there)."""
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class Office:
    """An agency with its publishing staff, and an editor of another agency."""

    agency: Any
    editor: Any
    reviewer: Any
    reviewer2: Any
    outsider: Any


@pytest.fixture
def office(db: Any) -> Office:
    from gongkai.accounts.models import User
    from gongkai.orgs.models import Role
    from gongkai.orgs.services import add_member, create_agency
    from gongkai.publishing import services

    agency = create_agency(
        "洛阳高新技术产业开发区管理委员会党政办公室", code="GX", phone="0379-12345678"
    )
    other = create_agency("另一个机关")
    users = {}
    for name, role, where in (
        ("editor", Role.EDITOR, agency),
        ("reviewer", Role.REVIEWER, agency),
        ("reviewer2", Role.REVIEWER, agency),
        ("outsider", Role.EDITOR, other),
    ):
        users[name] = User.objects.create_user(name, password="pw-very-long-1")
        add_member(users[name], where, role)
    services.ensure_platform(agency)
    services.ensure_platform(other)
    return Office(agency, **users)


@pytest.fixture
def search_index(settings: Any) -> Iterator[None]:
    """An empty index for the test (the database rolls back; the index files do not)."""
    from gongkai.search import services as search

    search.engine().clear()
    yield
    search.engine().clear()
