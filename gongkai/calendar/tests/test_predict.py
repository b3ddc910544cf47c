"""The prediction: the published 2025 and 2026 arrangements (the years made under the current 调休
principles) day for day, the principles themselves for every year to 2100, and no year in it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from chinese_calendar import constants

from gongkai.calendar import festivals, predict
from gongkai.calendar.predict import arrange
from gongkai.calendar.sources import LAST_YEAR, PREDICTED_FROM
from gongkai.calendar.workdays import WorkCalendar

YEARS = range(PREDICTED_FROM, LAST_YEAR + 1)


def _package(year: int) -> dict[str, object]:
    return {
        "year": year,
        "source": "predicted",
        "holidays": sorted(
            d.isoformat() for d in constants.holidays if d.year == year and d.weekday() < 5
        ),
        "workdays": sorted(
            d.isoformat() for d in constants.workdays if d.year == year and d.weekday() >= 5
        ),
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_years_made_under_the_current_principles_are_reproduced(year: int) -> None:
    assert predict.predict(year).to_json() == _package(year)


def test_2026_names_its_holidays_as_the_notice_does() -> None:
    periods = {(p.name, p.first, p.days) for p in predict.predict(2026).periods()}
    assert ("春节", date(2026, 2, 15), 9) in periods  # 2月15日（周日）至23日，共9天
    assert ("元旦", date(2026, 1, 1), 3) in periods
    assert ("国庆节", date(2026, 10, 1), 7) in periods
    assert ("中秋节", date(2026, 9, 25), 3) in periods


def test_the_predictor_states_rules_not_years() -> None:
    source = Path(predict.__file__).read_text(encoding="utf-8")
    assert re.findall(r"(?<!\d)(?:19|20|21)\d\d(?!\d)", source) == []


def _calendar() -> WorkCalendar:
    return WorkCalendar.from_arrangements(predict.predict(y) for y in YEARS)


def test_no_statutory_day_is_a_working_day_and_make_up_days_are_weekends() -> None:
    calendar = _calendar()
    for year in YEARS:
        arrangement = predict.predict(year)
        assert all(day.weekday() >= 5 for day in arrangement.workdays)
        assert not set(arrangement.workdays) & set(arrangement.holidays)
        for festival in festivals.statutory(year):
            for day in festival.days:
                assert not calendar.is_workday(day), (festival.name, day)


def test_no_more_than_six_working_days_in_a_row() -> None:
    calendar = _calendar()
    day, run = date(PREDICTED_FROM, 1, 1), 0
    while day.year <= LAST_YEAR:
        run = run + 1 if calendar.is_workday(day) else 0
        assert run <= predict.MAX_WORKING_RUN, day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", YEARS)
def test_each_holiday_follows_the_principles(year: int) -> None:
    holidays = arrange(festivals.statutory(year))
    by_name = {h.name: h for h in holidays}
    eve = festivals.statutory(year)[1].days[0]
    spring = by_name[festivals.SPRING_FESTIVAL]
    assert spring.days == tuple(eve + timedelta(days=n) for n in range(8))
    national = next(h for h in holidays if h.name.startswith(festivals.NATIONAL_DAY))
    joined = national.name != festivals.NATIONAL_DAY
    assert len(national.days) == (8 if joined else 7)
    assert national.days[0] <= date(year, 10, 1) <= national.days[-1]
    assert len(by_name[festivals.LABOUR_DAY].days) == 5
    for name in (festivals.NEW_YEAR, festivals.TOMB_SWEEPING, festivals.DRAGON_BOAT):
        holiday = by_name[name]
        wednesday = holiday.days[0].weekday() == 2 and len(holiday.days) == 1
        assert len(holiday.days) == 3 or wednesday, (name, holiday.days)
    for holiday in holidays:
        # Each weekday off beyond the statutory days is made up on one weekend day.
        weekdays_off = sum(1 for d in holiday.days if d.weekday() < 5)
        assert len(holiday.makeup) == weekdays_off - holiday.statutory, holiday


def test_a_wednesday_holiday_is_the_day_itself() -> None:
    # 2025: 元旦 on a Wednesday (the published arrangement: 1月1日放假，共1天).
    assert predict.predict(2025).periods()[0].days == 1
    wednesdays = [
        (year, f.name)
        for year in YEARS
        for f in festivals.statutory(year)
        if f.name in (festivals.TOMB_SWEEPING, festivals.DRAGON_BOAT) and f.days[0].weekday() == 2
    ]
    assert wednesdays  # the rule is exercised
    for year, name in wednesdays:
        periods = [p for p in predict.predict(year).periods() if p.name == name]
        assert [p.days for p in periods] == [1], (year, name)


def test_a_new_year_reaching_back_into_december_belongs_to_that_year() -> None:
    # 1 January 2030 is a Tuesday: 30 Dec (Sun) to 1 Jan off, 29 Dec (Sat) worked; the December
    # days are the 2029 arrangement's, so counting across the new year is the same either way.
    assert date(2029, 12, 31) in predict.predict(2029).holidays
    assert date(2029, 12, 29) in predict.predict(2029).workdays
    assert all(d.year == 2030 for d in predict.predict(2030).holidays)
