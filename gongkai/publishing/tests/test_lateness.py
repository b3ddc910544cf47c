"""条例第二十六条's "late" is one rule with three forms: Python (`lateness.is_late`, the
self-check), SQL (`lateness.sql`, the tallies' triggers) and a query (`timeliness.late_items`,
the back office and the self-check). They agree on every count of working days, NULL included."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from gongkai.publishing import lateness, timeliness
from gongkai.publishing.models import Column, Publication

DAYS = (None, 0, 1, 19, 20, 21, 22, 200)


def test_more_than_20_working_days_is_late_and_an_uncounted_item_is_not() -> None:
    assert [lateness.is_late(d) for d in DAYS] == [False] * 5 + [True] * 3


@pytest.mark.django_db
def test_the_query_and_the_sql_say_what_the_rule_says(office) -> None:
    column = Column.objects.get(agency=office.agency, slug="tzgg")
    published = datetime(2025, 6, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    items = {
        Publication.objects.create(
            agency=office.agency,
            column=column,
            title=f"信息{n}",
            publisher=office.agency.name,
            written_on=date(2025, 4, 1),
            published_at=published,
            publish_workdays=days,
            status="published",
        ).pk: days
        for n, days in enumerate(DAYS)
    }
    expected = {pk for pk, days in items.items() if lateness.is_late(days)}
    queried = timeliness.late_items(Publication.objects.filter(pk__in=items))
    assert set(queried.values_list("pk", flat=True)) == expected
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {lateness.sql('publish_workdays')} FROM {Publication._meta.db_table}"
        )
        in_sql = {pk for pk, late in cursor.fetchall() if pk in items and late}
    assert in_sql == expected
