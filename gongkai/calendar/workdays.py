"""Working days (工作日) under the State Council's yearly holiday notices, counted the way the
条例's periods are counted: from the day after the event (次日起算).

Pure: a calendar is built from one `Arrangement` per year — a loaded State Council notice, the
chinese-calendar package's data, or a prediction from the rules (sources.py) — and remembers which
one each year came from, so that every date counted through a predicted year can say so. Counting
outside the years it holds raises CalendarNotCovered, which carries the plain Monday–Friday
estimate for display.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class Source(StrEnum):
    """Where a year's holiday arrangement comes from, in order of authority."""

    NOTICE = "notice"  # 国务院办公厅关于该年部分节假日安排的通知, loaded by staff
    PACKAGE = "package"  # the chinese-calendar package's data (the past notices)
    PREDICTED = "predicted"  # predicted from the rules before the notice is published

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS = {
    Source.NOTICE: "国务院办公厅通知（已载入）",
    Source.PACKAGE: "国务院办公厅历年通知（随平台安装的节假日数据包）",
    Source.PREDICTED: "预测（通知尚未公布或载入）",
}


def predicted_caveat(years: Iterable[int]) -> str:
    """The sentence shown beside a date counted through predicted years (staff and applicant)."""
    named = "、".join(f"{year}年" for year in sorted(set(years)))
    return (
        f"该日期按预测的{named}节假日安排计算（依据《全国年节及纪念日放假办法》和调休原则），"
        "国务院办公厅公布该年节假日安排后将据此确认，如有变化以最新告知为准"
    )


@dataclass(frozen=True)
class Arrangement:
    """One year's days off and make-up working days, and where they come from."""

    year: int
    source: Source
    holidays: Mapping[date, str]  # days off with the holiday's name, weekends inside it too
    workdays: Mapping[date, str]  # weekend days that are working days (调休上班)
    basis: str = ""  # the notice's title, the package's version, or the rules

    def rest_weekdays(self) -> list[date]:
        """Monday–Friday days off: with `makeup_days()`, all that differs from a plain week."""
        return sorted(d for d in self.holidays if d.weekday() < 5 and d.year == self.year)

    def makeup_days(self) -> list[date]:
        return sorted(d for d in self.workdays if d.weekday() >= 5 and d.year == self.year)

    def periods(self) -> list[Period]:
        """The days off as runs of one holiday (元旦 1月1日至3日), for reading."""
        runs: list[Period] = []
        for day, name in sorted(self.holidays.items()):
            if runs and runs[-1].name == name and runs[-1].last + timedelta(days=1) == day:
                runs[-1] = Period(name, runs[-1].first, day)
            else:
                runs.append(Period(name, day, day))
        return runs

    def to_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "source": self.source.value,
            "holidays": [d.isoformat() for d in self.rest_weekdays()],
            "workdays": [d.isoformat() for d in self.makeup_days()],
        }


@dataclass(frozen=True)
class Period:
    name: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class DayChange:
    day: date
    before: str  # "工作日" or the name of the day off, as the old arrangement had it
    after: str


def difference(old: Arrangement | None, new: Arrangement) -> list[DayChange]:
    """The days of `new.year` whose working-day status differs between two arrangements."""

    def status(arrangement: Arrangement | None, day: date) -> tuple[bool, str]:
        if arrangement is not None and day in arrangement.workdays:
            return True, f"上班（{arrangement.workdays[day]}）"
        if arrangement is not None and day in arrangement.holidays:
            return False, f"休息（{arrangement.holidays[day]}）"
        return (True, "工作日") if day.weekday() < 5 else (False, "周末")

    changes = []
    day = date(new.year, 1, 1)
    while day.year == new.year:
        (was, before), (now, after) = status(old, day), status(new, day)
        if was != now:
            changes.append(DayChange(day, before, after))
        day += timedelta(days=1)
    return changes


WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CalendarNotCovered(Exception):
    """Counting reached a year the calendar does not hold (before 2004, after 2100)."""

    def __init__(self, year: int, estimate: date | None = None) -> None:
        self.year = year
        self.estimate = estimate
        message = f"{year}年不在工作日历的范围内，无法准确计算工作日"
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
    sources: Mapping[int, Source]  # the years held, and where each year's arrangement is from
    _index: tuple[int, ...] = field(init=False, repr=False, compare=False)  # working-day ordinals
    _span: tuple[int, int] = field(init=False, repr=False, compare=False)  # covered ordinals

    def __post_init__(self) -> None:
        span = _contiguous(frozenset(self.sources))
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
        """A calendar of loaded notices only (tests, and tables typed in by hand)."""
        return cls(dict(holidays), dict(makeup), dict.fromkeys(years, Source.NOTICE))

    @classmethod
    def from_arrangements(cls, arrangements: Iterable[Arrangement]) -> WorkCalendar:
        holidays: dict[date, str] = {}
        makeup: dict[date, str] = {}
        sources: dict[int, Source] = {}
        for arrangement in arrangements:
            # A year's own days only: a neighbouring year's holiday spilling into it is that
            # year's business, and the year's own source decides it.
            holidays.update(
                (d, n) for d, n in arrangement.holidays.items() if d.year == arrangement.year
            )
            makeup.update(
                (d, n) for d, n in arrangement.workdays.items() if d.year == arrangement.year
            )
            sources[arrangement.year] = arrangement.source
        return cls(holidays, makeup, sources)

    @property
    def years(self) -> frozenset[int]:
        return frozenset(self.sources)

    def arrangement(self, year: int) -> Arrangement:
        """The year's arrangement as this calendar holds it."""
        if year not in self.sources:
            raise CalendarNotCovered(year)
        return Arrangement(
            year,
            self.sources[year],
            {d: n for d, n in self.holidays.items() if d.year == year},
            {d: n for d, n in self.makeup_workdays.items() if d.year == year},
        )

    def sources_between(self, start: date, end: date) -> dict[int, Source]:
        """Where the arrangement of each year holding a day d, start < d <= end, comes from."""
        first = (start + timedelta(days=1)).year if start < date.max else start.year
        return {
            year: self.sources[year] for year in range(first, end.year + 1) if year in self.sources
        }

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
                reason = self.holidays.get(day) or self.makeup_workdays.get(day) or ""
                if reason and self.sources.get(day.year) == Source.PREDICTED:
                    reason += "（预测）"
                reason = reason or ("周末" if day.weekday() >= 5 else "")
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
