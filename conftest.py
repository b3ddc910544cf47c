"""Suite-wide fixtures, and the time budgets of the kinds of test that grow."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

# Seconds each marked kind of test may take in one run, summed over its tests (setup, call and
# teardown): CI runs the suite three times and must stay under 25 minutes. A new kind that can
# grow (browser walks, API fuzzing) gets a marker in pyproject.toml and a line here.
# Browser: 240 s since the work register's 16 audited pages and its editor's walk (189 s
# measured on the shared 2-CPU machine; the three passes of CI took 16 minutes in all).
BUDGETS = {"browser": 240.0, "slow": 360.0}
_spent: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for marker in BUDGETS.keys() & set(report.keywords):
        _spent[marker] += report.duration


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller sums every worker's reports
    over = {m: t for m, t in _spent.items() if t > BUDGETS[m]}
    for marker, spent in sorted(over.items()):
        print(
            f"\ntime budget exceeded: tests marked {marker} took {spent:.0f} s (budget {BUDGETS[marker]:.0f} s)"
        )
    if over and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
