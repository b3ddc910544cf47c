"""The self-check reads the open cases (`ApplicationQuerySet.open()`): those awaiting their reply,
and those replied to within the year and not yet served; never a closed one."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.sitecheck import services

pytestmark = pytest.mark.django_db


def test_the_cases_the_rules_read_are_open_ones() -> None:
    agency = factories.agency()
    waiting = factories.case(agency, date(2026, 3, 2))
    replied = factories.case(agency, date(2026, 3, 2))
    replied_long_ago = factories.case(agency, date(2024, 3, 2))
    closed = factories.case(agency, date(2026, 3, 2))
    Application.objects.filter(pk=replied.pk).update(
        status="decided", outcome="granted", concluded_on=date(2026, 3, 20)
    )
    Application.objects.filter(pk=replied_long_ago.pk).update(
        status="decided", outcome="granted", concluded_on=date(2024, 3, 20)
    )
    Application.objects.filter(pk=closed.pk).update(
        status="closed", outcome="granted", concluded_on=date(2026, 3, 20)
    )
    read = {case.id: case for case in services._cases(agency, recent=date(2025, 6, 1))}
    assert set(read) == {waiting.pk, replied.pk}
    assert read[waiting.pk].awaiting_reply and not read[replied.pk].awaiting_reply
    assert set(read) <= set(Application.objects.open().values_list("pk", flat=True))
