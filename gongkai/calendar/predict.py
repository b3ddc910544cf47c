"""A year's holiday arrangement predicted from the rules, for a year whose State Council notice
is not published (or not loaded) yet.

The rules (regulations.md §7): the statutory days of 《全国年节及纪念日放假办法》 (festivals.py),
and the 调休 principles the State Council announced with its fourth revision — 春节 8 days from
除夕; 国庆节 7 days from 1 October, 8 when joined with 中秋节; 劳动节 5 days; 元旦, 清明节, 端午节
and 中秋节 3 days each, only the day itself when it falls on a Wednesday; the weekdays off beyond
the statutory days are made up on weekend days; no more than 6 working days in a row.

Where the principles leave a choice, the choice the published arrangements made:
- A holiday whose days are not fixed takes the run of days that holds its statutory days and the
  most weekend days; of equals, the one starting where rest already starts (the statutory day,
  or the weekend just before it).
- A holiday takes as many make-up days as it has weekdays off beyond its statutory days (a
  statutory day on a weekend is given back on a weekday). They are weekend days within two weeks
  of the holiday, chosen so that (in this order) no run of working days is longer than six, no
  working day stands alone between days off, two make-up days fall one before and one after, and
  they are as near the holiday as possible.
- A weekend day that touches a holiday and is not a make-up day is part of that holiday.

This module states rules, not years: no year appears in it (a test holds it to that).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from gongkai.calendar import festivals
from gongkai.calendar.festivals import Festival
from gongkai.calendar.workdays import Arrangement, Source

SPRING_FESTIVAL_DAYS = 8  # 春节自除夕起放假8天
NATIONAL_DAY_DAYS = 7  # 国庆节自10月1日起放假7天
NATIONAL_DAY_WITH_MID_AUTUMN_DAYS = 8  # 国庆节与中秋节相连时合并放假8天
LABOUR_DAY_DAYS = 5  # 劳动节放假5天
SHORT_HOLIDAY_DAYS = 3  # 元旦、清明节、端午节、中秋节各放假3天
ONLY_THE_DAY = 2  # Wednesday (date.weekday): a short holiday is then the day itself only
MAX_WORKING_RUN = 6  # 节假日前后连续工作一般不超过6天
MAKEUP_SEARCH_DAYS = 14  # make-up days are taken from the two weeks around the holiday

BASIS = "按《全国年节及纪念日放假办法》和国务院办公厅调休原则预测"
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Holiday:
    """One holiday as arranged: its days off and its make-up working days."""

    name: str
    days: tuple[date, ...]
    statutory: int  # statutory days it holds (放假办法第二条)
    makeup: tuple[date, ...] = ()

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]


@lru_cache(maxsize=256)
def predict(year: int) -> Arrangement:
    """The predicted arrangement of `year`: its own days only (a neighbouring year's holiday may
    reach into it: the 元旦 after it; its own 元旦 may reach back into the year before)."""
    holidays = arrange([*festivals.statutory(year), *_new_year_after(year)])
    rest: dict[date, str] = {}
    work: dict[date, str] = {}
    for holiday in holidays:
        for day in _with_touching_weekends(holiday, holidays):
            rest[day] = holiday.name
        for day in holiday.makeup:
            work[day] = f"{holiday.name}调休上班"
    return Arrangement(
        year,
        Source.PREDICTED,
        {d: n for d, n in sorted(rest.items()) if d.year == year},
        {d: n for d, n in sorted(work.items()) if d.year == year},
        BASIS,
    )


def _new_year_after(year: int) -> list[Festival]:
    return [festivals.new_year(year + 1)]


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def arrange(statutory: Iterable[Festival]) -> list[Holiday]:
    """Place every holiday's days off, then its make-up days, in the order of the year."""
    placed: list[Holiday] = []
    for festival in _merge_mid_autumn(sorted(statutory, key=lambda f: f.days[0])):
        placed.append(_place(festival, placed))
    arranged: list[Holiday] = []
    for index, holiday in enumerate(placed):
        others = [*arranged, *placed[index + 1 :]]
        arranged.append(_with_makeup(holiday, others))
    return arranged


def _merge_mid_autumn(festivals_: list[Festival]) -> list[Festival]:
    """中秋节 joins 国庆节 when it falls within the joined holiday's days, or before 1 October
    with only weekend days between."""
    by_name = {f.name: f for f in festivals_}
    mid_autumn, national = by_name.get(festivals.MID_AUTUMN), by_name.get(festivals.NATIONAL_DAY)
    if mid_autumn is None or national is None:
        return festivals_
    day, first = mid_autumn.days[0], national.days[0]
    if day >= first:
        joined = day < first + _DAY * NATIONAL_DAY_WITH_MID_AUTUMN_DAYS
    else:
        joined = all(_is_weekend(day + _DAY * n) for n in range(1, (first - day).days))
    if not joined:
        return festivals_
    merged = Festival(
        f"{festivals.NATIONAL_DAY}、{festivals.MID_AUTUMN}",
        tuple(sorted({*national.days, *mid_autumn.days})),
    )
    return [f for f in festivals_ if f not in (mid_autumn, national)] + [merged]


def _length(festival: Festival) -> int | None:
    """How many days the holiday lasts; None where its days are fixed by a start day instead."""
    if festival.name == festivals.LABOUR_DAY:
        return LABOUR_DAY_DAYS
    if festival.name in (festivals.SPRING_FESTIVAL, festivals.NATIONAL_DAY) or (
        festival.name.startswith(festivals.NATIONAL_DAY)
    ):
        return None
    if festival.days[0].weekday() == ONLY_THE_DAY:
        return 1
    return SHORT_HOLIDAY_DAYS


def _place(festival: Festival, placed: list[Holiday]) -> Holiday:
    statutory = len(festival.days)
    if festival.name == festivals.SPRING_FESTIVAL:
        return Holiday(festival.name, _run(festival.days[0], SPRING_FESTIVAL_DAYS), statutory)
    if festival.name.startswith(festivals.NATIONAL_DAY):
        joined = festival.name != festivals.NATIONAL_DAY
        length = NATIONAL_DAY_WITH_MID_AUTUMN_DAYS if joined else NATIONAL_DAY_DAYS
        return Holiday(festival.name, _run(festival.days[0], length), statutory)
    length = _length(festival) or len(festival.days)
    taken = {d for holiday in placed for d in holiday.days}
    first, last = festival.days[0], festival.days[-1]
    rest_starts = first
    while _is_weekend(rest_starts - _DAY) and rest_starts - _DAY not in taken:
        rest_starts -= _DAY
    candidates = []
    for shift in range(length - (last - first).days):
        start = last - _DAY * (length - 1) + _DAY * shift
        days = _run(start, length)
        if taken & set(days):
            continue
        weekend_days = sum(1 for d in days if _is_weekend(d))
        candidates.append(
            (-weekend_days, abs((start - rest_starts).days), -start.toordinal(), days)
        )
    days = min(candidates)[3] if candidates else festival.days
    return Holiday(festival.name, days, statutory)


def _run(start: date, length: int) -> tuple[date, ...]:
    return tuple(start + _DAY * n for n in range(length))


def _with_makeup(holiday: Holiday, others: list[Holiday]) -> Holiday:
    needed = sum(1 for d in holiday.days if not _is_weekend(d)) - holiday.statutory
    if needed <= 0:
        return holiday
    off = {d for h in (holiday, *others) for d in h.days}
    made_up = {d for h in others for d in h.makeup}
    candidates = [
        day
        for n in range(1, MAKEUP_SEARCH_DAYS + 1)
        for day in (holiday.first - _DAY * n, holiday.last + _DAY * n)
        if _is_weekend(day) and day not in off and day not in made_up
    ]

    def working(day: date, chosen: tuple[date, ...]) -> bool:
        if day in off:
            return False
        return day in chosen or day in made_up or not _is_weekend(day)

    def run_of(day: date, chosen: tuple[date, ...]) -> int:
        before = after = day
        while working(before - _DAY, chosen):
            before -= _DAY
        while working(after + _DAY, chosen):
            after += _DAY
        return (after - before).days + 1

    def cost(chosen: tuple[date, ...]) -> tuple[int, int, int, int, int]:
        runs = [run_of(day, chosen) for day in chosen]
        too_long = sum(max(0, run - MAX_WORKING_RUN) for run in runs)
        alone = sum(1 for run in runs if run == 1)
        before = sum(1 for day in chosen if day < holiday.first)
        unbalanced = abs(before - (len(chosen) - before)) if len(chosen) > 1 else 0
        distance = sum(
            (holiday.first - day).days if day < holiday.first else (day - holiday.last).days
            for day in chosen
        )
        return too_long, alone, unbalanced, distance, -before

    options = list(combinations(sorted(candidates), min(needed, len(candidates))))
    if not options:
        return holiday
    return Holiday(holiday.name, holiday.days, holiday.statutory, min(options, key=cost))


def _with_touching_weekends(holiday: Holiday, holidays: list[Holiday]) -> list[date]:
    """The holiday's days, and the weekend days off that touch them (part of the break)."""
    made_up = {d for h in holidays for d in h.makeup}
    days = list(holiday.days)
    for step in (-_DAY, _DAY):
        day = (holiday.first if step < timedelta(0) else holiday.last) + step
        while _is_weekend(day) and day not in made_up:
            days.append(day)
            day += step
    return sorted(days)
