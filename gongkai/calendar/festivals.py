"""The statutory holidays of 《全国年节及纪念日放假办法》 as revised for the fourth time (国务院令,
2024-11-10, in force from 2025-01-01; regulations.md §7), article 2: the days every citizen has
off, for any year the lunar calendar library covers.

元旦 1 January; 春节 4 days, 农历除夕 and 正月初一 to 初三 (除夕 is the last day of the twelfth
lunar month, the 29th or the 30th); 清明节 the day of the solar term 清明; 劳动节 1 and 2 May;
端午节 农历五月初五; 中秋节 农历八月十五; 国庆节 1 to 3 October. Lunar dates and solar terms come from
lunar-python (Beijing time), which computes them astronomically for any year: it matches an
independent ephemeris computation for every year to 2100 (tests/festivals-reference.csv), is pure
Python with no dependencies and safe under threads (docs/architecture.md compares the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar, LunarYear, Solar

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
TOMB_SWEEPING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"

SPRING_FESTIVAL_STATUTORY = 4  # 除夕、正月初一至初三
NATIONAL_DAY_STATUTORY = 3  # 10月1日至3日


@dataclass(frozen=True)
class Festival:
    name: str
    days: tuple[date, ...]  # its statutory days off, in order


@lru_cache(maxsize=256)
def statutory(year: int) -> tuple[Festival, ...]:
    """The year's statutory holidays, in the order of the year."""
    lunar = LunarYear.fromYear(year)  # one lunar year computed (the costly part), all read from it
    first_month = lunar.getMonth(1).getFirstJulianDay()
    new_year_eve = _day(first_month) - timedelta(days=1)
    qingming = lunar.getJieQiJulianDays()[Lunar.JIE_QI_IN_USE.index("清明")]
    return (
        new_year(year),
        Festival(SPRING_FESTIVAL, _days(new_year_eve, SPRING_FESTIVAL_STATUTORY)),
        Festival(TOMB_SWEEPING, (_day(qingming),)),
        Festival(LABOUR_DAY, (date(year, 5, 1), date(year, 5, 2))),
        Festival(DRAGON_BOAT, (_day(lunar.getMonth(5).getFirstJulianDay()) + timedelta(days=4),)),
        Festival(MID_AUTUMN, (_day(lunar.getMonth(8).getFirstJulianDay()) + timedelta(days=14),)),
        Festival(NATIONAL_DAY, _days(date(year, 10, 1), NATIONAL_DAY_STATUTORY)),
    )


def new_year(year: int) -> Festival:
    return Festival(NEW_YEAR, (date(year, 1, 1),))


def _day(julian_day: float) -> date:
    """The Beijing date of a lunar-python julian day (its times are Beijing time)."""
    solar = Solar.fromJulianDay(julian_day)
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _days(first: date, count: int) -> tuple[date, ...]:
    return tuple(first + timedelta(days=n) for n in range(count))
