"""The holiday and 调休 tables shipped in the chinese-calendar package: the State Council's
notices from 2004 to the package's last year, with Chinese names. A later year is loaded by staff
from the notice, or predicted until then (sources.py)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib.metadata import version

from chinese_calendar import constants

from gongkai.calendar.workdays import Arrangement, Source, WorkCalendar

VERSION = version("chinesecalendar")
BASIS = f"chinese-calendar {VERSION}（依据国务院办公厅历年节假日安排通知）"

_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _name(value: object) -> str:
    text = str(getattr(value, "value", value))
    english = text.split(",")[0]
    return _NAMES.get(english, english)


def package_days() -> tuple[dict[date, str], dict[date, str], list[int]]:
    holidays = {day: _name(name) for day, name in constants.holidays.items()}
    makeup = {day: f"{_name(name)}调休上班" for day, name in constants.workdays.items()}
    years = sorted({d.year for d in holidays} | {d.year for d in makeup})
    return holidays, makeup, list(range(years[0], years[-1] + 1))


@lru_cache(maxsize=1)
def arrangements() -> dict[int, Arrangement]:
    holidays, makeup, years = package_days()
    return {
        year: Arrangement(
            year,
            Source.PACKAGE,
            {d: n for d, n in holidays.items() if d.year == year},
            {d: n for d, n in makeup.items() if d.year == year},
            BASIS,
        )
        for year in years
    }


def package_calendar() -> WorkCalendar:
    """The package's years alone (tests of its data against the counting)."""
    return WorkCalendar.from_arrangements(arrangements().values())
