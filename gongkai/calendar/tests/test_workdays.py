"""Working days with next-day counting, against the vectors of regulations.md §2.4 and every
调休 make-up day of 2019–2026."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.calendar import package
from gongkai.calendar.package import package_calendar
from gongkai.calendar.predict import predict
from gongkai.calendar.workdays import (
    Arrangement,
    CalendarNotCovered,
    Source,
    WorkCalendar,
    difference,
    weekdays_after,
)

CALENDAR = package_calendar()


@pytest.mark.parametrize(
    ("received", "plus7", "plus15", "plus20", "plus40"),
    [
        ("2024-12-20", "2024-12-31", "2025-01-13", "2025-01-20", "2025-02-21"),
        ("2025-01-24", "2025-02-10", "2025-02-20", "2025-02-27", "2025-03-27"),
        ("2025-09-26", "2025-10-13", "2025-10-23", "2025-10-30", "2025-11-27"),
        ("2025-12-31", "2026-01-12", "2026-01-22", "2026-01-29", "2026-03-04"),
        ("2026-02-13", "2026-03-02", "2026-03-12", "2026-03-19", "2026-04-17"),
    ],
)
def test_regulation_vectors(
    received: str, plus7: str, plus15: str, plus20: str, plus40: str
) -> None:
    start = date.fromisoformat(received)
    got = [CALENDAR.add_workdays(start, n).isoformat() for n in (7, 15, 20, 40)]
    assert got == [plus7, plus15, plus20, plus40]


MAKEUP_DAYS = {
    2019: ["02-02", "02-03", "04-28", "05-05", "09-29", "10-12"],
    2020: ["01-19", "04-26", "05-09", "06-28", "09-27", "10-10"],
    2021: ["02-07", "02-20", "04-25", "05-08", "09-18", "09-26", "10-09"],
    2022: ["01-29", "01-30", "04-02", "04-24", "05-07", "10-08", "10-09"],
    2023: ["01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"],
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}
ALL_MAKEUP = [date.fromisoformat(f"{y}-{md}") for y, days in MAKEUP_DAYS.items() for md in days]


def _naive(start: date, count: int) -> date:
    """Day-by-day next-day counting with the package's own is_workday: the oracle."""
    day = start
    while count:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            count -= 1
    return day


@pytest.mark.parametrize("makeup", ALL_MAKEUP, ids=[d.isoformat() for d in ALL_MAKEUP])
def test_every_makeup_day_of_2019_to_2026_counts(makeup: date) -> None:
    assert makeup.weekday() >= 5 and CALENDAR.is_workday(makeup)
    for back in (1, 3, 7, 12):
        start = makeup - timedelta(days=back)
        for count in (1, 7, 15, 20, 40):
            if (start + timedelta(days=80)).year > 2026:
                continue
            assert CALENDAR.add_workdays(start, count) == _naive(start, count), (start, count)


def test_2025_national_day_week() -> None:
    """Received Friday 26 Sep 2025: Sunday 28 Sep and Saturday 11 Oct are working days."""
    notes = CALENDAR.explain(date(2025, 9, 26), date(2025, 10, 13))
    counted = [n.day for n in notes if n.workday]
    assert counted[:3] == [date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30)]
    assert date(2025, 10, 11) in counted
    assert not any(date(2025, 10, d) in counted for d in range(1, 9))
    by_day = {n.day: n for n in notes}
    assert by_day[date(2025, 10, 1)].reason == "国庆节"
    assert by_day[date(2025, 9, 28)].reason == "国庆节调休上班"
    assert by_day[date(2025, 10, 13)].counted == 7


def test_weekend_receipt_counts_from_the_next_day() -> None:
    # chinese_calendar.find_workday(20, Saturday) gives one day later; next-day counting does not
    assert CALENDAR.add_workdays(date(2025, 9, 27), 20) == date(2025, 10, 30)


def test_between_is_next_day_counting() -> None:
    assert CALENDAR.workdays_between(date(2025, 10, 9), date(2025, 10, 20)) == 8
    assert CALENDAR.workdays_between(date(2025, 10, 20), date(2025, 10, 9)) == 0


def test_a_year_the_calendar_does_not_hold_is_never_guessed_silently() -> None:
    """The package's calendar alone ends with 2026 (the platform's goes on with the prediction)."""
    with pytest.raises(CalendarNotCovered) as caught:
        CALENDAR.add_workdays(date(2026, 12, 15), 20)
    assert caught.value.year == 2027
    assert caught.value.estimate == weekdays_after(date(2026, 12, 15), 20)
    assert "2027年不在工作日历的范围内" in str(caught.value) and "估算" in str(caught.value)
    with pytest.raises(CalendarNotCovered):
        CALENDAR.is_workday(date(2027, 1, 4))


def test_the_calendar_knows_where_each_year_comes_from() -> None:
    calendar = WorkCalendar.from_arrangements([*package.arrangements().values(), predict(2027)])
    assert calendar.sources_between(date(2026, 12, 4), date(2027, 1, 4)) == {
        2026: Source.PACKAGE,
        2027: Source.PREDICTED,
    }
    assert calendar.sources_between(date(2026, 12, 31), date(2027, 1, 4)) == {
        2027: Source.PREDICTED
    }
    notes = {n.day: n for n in calendar.explain(date(2026, 12, 30), date(2027, 1, 4))}
    assert notes[date(2027, 1, 1)].reason == "元旦（预测）" and not notes[date(2027, 1, 1)].workday
    assert notes[date(2027, 1, 4)].counted == 2


def test_an_arrangement_reads_as_periods_and_differences() -> None:
    arrangement = package.arrangements()[2026]
    periods = [(p.name, p.first.isoformat(), p.days) for p in arrangement.periods()]
    assert periods[:2] == [("元旦", "2026-01-01", 3), ("春节", "2026-02-15", 9)]
    assert arrangement.to_json()["workdays"][0] == "2026-01-04"
    changes = difference(predict(2026), arrangement)
    assert changes == []  # the prediction is the published arrangement
    moved = Arrangement(2026, Source.NOTICE, {date(2026, 1, 1): "元旦"}, {})
    changed = {c.day: (c.before, c.after) for c in difference(arrangement, moved)}
    assert changed[date(2026, 1, 2)] == ("休息（元旦）", "工作日")
    assert changed[date(2026, 1, 4)] == ("上班（元旦调休上班）", "周末")


def test_a_loaded_notice_extends_the_calendar() -> None:
    holidays = dict(CALENDAR.holidays) | {date(2027, 1, 1): "元旦"}
    extended = WorkCalendar.from_days(holidays, CALENDAR.makeup_workdays, [*CALENDAR.years, 2027])
    assert extended.add_workdays(date(2026, 12, 30), 2) == date(2027, 1, 4)  # 1 Jan is 元旦
    assert extended.explain(date(2026, 12, 30), date(2027, 1, 4))[1].reason == "元旦"
