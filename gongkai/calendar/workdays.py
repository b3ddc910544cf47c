"""Working days (工作日) under the State Council's yearly holiday notices, counted the way the
条例's periods are counted: from the day after the event (次日起算).

Pure: the holiday and 调休 tables are passed in (from the database, or the chinese-calendar
package that seeds it). A year whose notice is not loaded is never guessed at: counting into it
raises CalendarNotCovered, which carries the plain Monday–Friday estimate for display.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CalendarNotCovered(Exception):
    """Counting reached a year whose holiday notice has not been loaded."""

    def __init__(self, year: int, estimate: date | None = None) -> None:
        self.year = year
        self.estimate = estimate
        message = f"{year}年的节假日安排（国务院办公厅通知）尚未载入，无法准确计算工作日"
        if estimate is not None:
            message += f"；按周一至周五估算为{estimate.isoformat()}，仅供参考"
        super().__init__(message)


@dataclass(frozen=True)
class DayNote:
    """One day of a count, for the day-by-day explanation on a case page."""

    day: date
    workday: bool
    counted: int  # the running count after this day (0 when not counted)
    reason: str  # 周末 / 节日名称 / 调休上班 / 暂停计算 / ""


@dataclass(frozen=True)
class WorkCalendar:
    holidays: Mapping[date, str]  # official days off (名称); weekends inside a holiday too
    makeup_workdays: Mapping[date, str]  # weekend days that are working days (调休上班)
    years: frozenset[int]  # years whose notice is loaded
    _index: tuple[int, ...] = field(init=False, repr=False, compare=False)  # working-day ordinals
    _span: tuple[int, int] = field(init=False, repr=False, compare=False)  # covered ordinals

    def __post_init__(self) -> None:
        span = _contiguous(self.years)
        first, last = (date(span[0], 1, 1), date(span[1], 12, 31)) if span else (date.max, date.min)
        days = []
        day = first
        while day <= last:
            if self._rule(day):
                days.append(day.toordinal())
            day += timedelta(days=1)
        object.__setattr__(self, "_index", tuple(days))
        object.__setattr__(self, "_span", (first.toordinal(), last.toordinal()))

    @classmethod
    def from_days(
        cls, holidays: Mapping[date, str], makeup: Mapping[date, str], years: Iterable[int]
    ) -> WorkCalendar:
        return cls(dict(holidays), dict(makeup), frozenset(years))

    def _rule(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def covers(self, day: date) -> bool:
        return self._span[0] <= day.toordinal() <= self._span[1]

    def is_workday(self, day: date) -> bool:
        if not self.covers(day):
            raise CalendarNotCovered(day.year)
        return self._rule(day)

    def add_workdays(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (the day of the event is day zero)."""
        if count <= 0:
            return start
        if not self.covers(start):
            raise CalendarNotCovered(start.year, weekdays_after(start, count))
        position = bisect_right(self._index, start.toordinal()) + count - 1
        if position >= len(self._index):
            uncovered = date.fromordinal(self._span[1] + 1)
            done = len(self._index) - bisect_right(self._index, start.toordinal())
            raise CalendarNotCovered(
                uncovered.year, weekdays_after(uncovered - timedelta(1), count - done)
            )
        return date.fromordinal(self._index[position])

    def workdays_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (next-day counting); 0 when end <= start."""
        if end <= start:
            return 0
        for day in (start, end):
            if not self.covers(day):
                raise CalendarNotCovered(day.year)
        return bisect_right(self._index, end.toordinal()) - bisect_right(
            self._index, start.toordinal()
        )

    def explain(
        self, start: date, end: date, paused: Iterable[tuple[date, date]] = ()
    ) -> list[DayNote]:
        """Every day after `start` up to `end`, with whether and why it counts."""
        pauses = list(paused)
        notes: list[DayNote] = []
        counted = 0
        day = start + timedelta(days=1)
        while day <= end:
            workday = self.is_workday(day)
            in_pause = any(a < day <= b for a, b in pauses)
            if workday and not in_pause:
                counted += 1
            if in_pause and workday:
                reason = "暂停计算"
            else:
                reason = (
                    self.holidays.get(day)
                    or self.makeup_workdays.get(day)
                    or ("周末" if day.weekday() >= 5 else "")
                )
            notes.append(
                DayNote(
                    day,
                    workday and not in_pause,
                    counted if workday and not in_pause else 0,
                    reason,
                )
            )
            day += timedelta(days=1)
        return notes


def weekdays_after(start: date, count: int) -> date:
    """The plain Monday–Friday estimate, for years whose notice is missing."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _contiguous(years: frozenset[int]) -> tuple[int, int] | None:
    """The run of consecutive loaded years that an index can cover (from the earliest)."""
    if not years:
        return None
    first = min(years)
    last = first
    while last + 1 in years:
        last += 1
    return first, last
