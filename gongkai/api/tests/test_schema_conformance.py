"""The API against its own OpenAPI schema, with Schemathesis: for every operation the schema
names, requests generated from the schema (valid and invalid parameters, odd Unicode, huge
numbers, files of random bytes) are sent to the real application over WSGI, on the demo's data,
and every response is checked: never a server error, and status, content type, headers and body
as the schema says. The demo is loaded once; each operation gets its own examples."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from gongkai.api import v1

EXAMPLES = 40  # per operation; CI runs the suite three times
# Bytes the schema allows (any file, any text) are not all reports: the checker says so with a
# 422 problem, which the schema documents. Every other check stays on for the checker.
EXCLUDED = {"POST /api/v1/check": [positive_data_acceptance]}
# A cursor is opaque: only the `next` addresses a list gave are cursors (cursor=channels has the
# shape of one and is refused with a 422, test_read_api). Generated cursors are left out so that
# the "valid data is accepted" check holds for every other parameter of the list.
OPAQUE = {"GET /api/v1/items/": "cursor"}


@pytest.fixture
def demo(db, search_index) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", force=True, verbosity=0)


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """As Django's test client does: a request ending does not close the test's database
    connection (its transaction holds the demo)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says(
    demo: Any, connection_kept: Any, monkeypatch: Any
) -> None:
    # Every generated file reaches the checker (the rate limit has its own test).
    monkeypatch.setattr(v1, "CHECKS_PER_CLIENT", replace(v1.CHECKS_PER_CLIENT, failures=10**6))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7, [o.label for o in operations]
    for operation in operations:
        _conforms(operation)


def _conforms(operation: Any) -> None:
    excluded = EXCLUDED.get(operation.label, [])

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def conforms(case: Any) -> None:
        if operation.label in OPAQUE and case.query:
            case.query.pop(OPAQUE[operation.label], None)
        case.call_and_validate(excluded_checks=excluded)

    conforms()
