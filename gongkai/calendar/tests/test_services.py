"""The calendar in the database: seeded from the package, extended by staff, the same counts."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendar import services
from gongkai.calendar.models import CalendarYear
from gongkai.calendar.seed import package_calendar

pytestmark = pytest.mark.django_db


def test_seeded_from_the_package_for_2004_to_2026() -> None:
    assert sorted(CalendarYear.objects.values_list("year", flat=True)) == list(range(2004, 2027))
    database, package = services.current(), package_calendar()
    for day in (
        date(2004, 1, 2),
        date(2015, 9, 2),
        date(2020, 1, 31),
        date(2025, 9, 26),
        date(2026, 9, 1),
    ):
        assert database.add_workdays(day, 20) == package.add_workdays(day, 20)


def test_loading_a_year_checks_it_and_refreshes_the_calendar() -> None:
    with pytest.raises(services.NoticeError, match="已载入"):
        services.load_year(2026, "重复", [], [])
    with pytest.raises(services.NoticeError, match="不在2027年内"):
        services.load_year(2027, "通知", [(date(2026, 12, 31), "元旦")], [])
    services.load_year(
        2027, "通知", [(date(2027, 1, 1), "元旦")], [(date(2027, 2, 6), "春节调休上班")]
    )
    calendar = services.current()
    assert calendar.is_workday(date(2027, 2, 6)) and not calendar.is_workday(date(2027, 1, 1))
    services.load_year(2027, "更正后的通知", [(date(2027, 1, 1), "元旦")], [], replace=True)
    assert not services.current().is_workday(date(2027, 2, 6))
