"""When a disclosure application must be answered (条例第三十、三十三条), from the typed events
of its clock: receipt, correction, consultation pauses, extension, an Art. 35 deadline.

Conventions (regulations.md §2.4): periods count from the day after the event (次日起算); the
20-working-day reply period restarts when a corrected application arrives; a pause (third-party
or other-agency consultation, a fee notice awaiting payment) does not count the working days
after its start up to and including its end; one extension of at most 20 working days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.calendar.workdays import (
    CalendarNotCovered,
    Source,
    WorkCalendar,
    predicted_caveat,
    weekdays_after,
)

CORRECTION_NOTICE_PERIOD = 7  # 条例第三十条：收到申请之日起7个工作日内一次性告知补正
REPLY_PERIOD = 20  # 条例第三十三条第二款
EXTENSION_MAX = 20  # 条例第三十三条第二款：延长期限最长不得超过20个工作日
CONSULTATION_REPLY_PERIOD = 15  # 条例第三十二、三十四条：第三方、其他机关15个工作日内提出意见
FEE_PAYMENT_PERIOD = 20  # 国办函〔2020〕109号：收到收费通知次日起20个工作日内缴费

PAUSE_KINDS = {
    "third_party": "征求第三方意见（条例第三十二条）",
    "other_agency": "征求其他机关意见（条例第三十四条）",
    "fee": "收费通知至缴费（国办函〔2020〕109号）",
}


@dataclass(frozen=True)
class Pause:
    kind: str
    start: date
    end: date | None = None  # None: still running (counted up to `today`)


@dataclass(frozen=True)
class Clock:
    received_on: date
    correction_requested_on: date | None = None
    corrected_on: date | None = None
    pauses: tuple[Pause, ...] = ()
    extension_days: int = 0
    custom_due: date | None = None  # 条例第三十五条：告知申请人的合理延迟答复期限


@dataclass(frozen=True)
class Deadline:
    correction_notice_due: date
    reply_due: date | None  # None while a correction is awaited: the period has not started
    paused_workdays: int
    counts_from: date | None
    estimated: bool  # a year outside the calendar was reached: Monday–Friday estimate
    warning: str
    steps: tuple[str, ...]
    calendar: dict[int, Source] = field(default_factory=dict)  # the years counted through

    @property
    def predicted_years(self) -> list[int]:
        return sorted(y for y, source in self.calendar.items() if source == Source.PREDICTED)

    @property
    def predicted(self) -> bool:
        """Some day was counted with a year's predicted arrangement (marked 预测 wherever shown)."""
        return Source.PREDICTED in self.calendar.values()

    def to_json(self) -> dict[str, object]:
        return {
            "correction_notice_due": self.correction_notice_due.isoformat(),
            "reply_due": self.reply_due.isoformat() if self.reply_due else None,
            "paused_workdays": self.paused_workdays,
            "counts_from": self.counts_from.isoformat() if self.counts_from else None,
            "estimated": self.estimated,
            "predicted": self.predicted,
            "calendar": {str(year): source.value for year, source in sorted(self.calendar.items())},
            "warning": self.warning,
            "steps": list(self.steps),
        }


class _Counter:
    """add/between on the calendar, noting where each year counted through comes from, and
    falling back to the Monday–Friday estimate outside the calendar, visibly."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.warning = ""
        self.sources: dict[int, Source] = {}

    def _note(self, start: date, end: date) -> None:
        if end > start:
            self.sources.update(self.calendar.sources_between(start, end))

    def add(self, start: date, count: int) -> date:
        try:
            end = self.calendar.add_workdays(start, count)
        except CalendarNotCovered as exc:
            self.warning = self.warning or str(CalendarNotCovered(exc.year))
            end = exc.estimate or weekdays_after(start, count)
        self._note(start, end)
        return end

    def between(self, start: date, end: date) -> int:
        self._note(start, end)
        try:
            return self.calendar.workdays_between(start, end)
        except CalendarNotCovered as exc:
            self.warning = self.warning or str(exc)
            return sum(
                1
                for n in range(1, (end - start).days + 1)
                if date.fromordinal(start.toordinal() + n).weekday() < 5
            )


def merged_pauses(
    pauses: tuple[Pause, ...], counts_from: date, today: date
) -> list[tuple[date, date]]:
    """Pause intervals after the period started, overlaps merged, open ones ending today."""
    spans = sorted((max(p.start, counts_from), p.end or today) for p in pauses)
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def compute(
    clock: Clock, calendar: WorkCalendar, today: date | None = None, *, explain: bool = True
) -> Deadline:
    """The deadlines of `clock`; `explain` adds the steps in words (the case page, the CLI)."""
    counter = _Counter(calendar)
    today = today or clock.received_on
    steps: list[str] = []
    note = steps.append if explain else _skip
    correction_due = counter.add(clock.received_on, CORRECTION_NOTICE_PERIOD)
    if explain:
        note(f"收到申请：{clock.received_on.isoformat()}（次日起算）")
        note(
            f"补正告知期限：收到申请后第{CORRECTION_NOTICE_PERIOD}个工作日，即{correction_due.isoformat()}"
        )
    if clock.correction_requested_on and not clock.corrected_on:
        if explain:
            note(
                f"{clock.correction_requested_on.isoformat()}已告知补正，答复期限自收到补正材料之日起重新计算"
            )
        return Deadline(
            correction_due,
            None,
            0,
            None,
            bool(counter.warning),
            counter.warning,
            tuple(steps),
            counter.sources,
        )
    counts_from = clock.corrected_on or clock.received_on
    if clock.corrected_on and explain:
        note(f"收到补正材料：{clock.corrected_on.isoformat()}，答复期限自次日重新起算")
    paused = 0
    if clock.pauses:
        for start, end in merged_pauses(clock.pauses, counts_from, today):
            days = counter.between(start, end)
            paused += days
            if explain:
                note(f"暂停计算：{start.isoformat()}至{end.isoformat()}，不计{days}个工作日")
    total = REPLY_PERIOD + clock.extension_days + paused
    reply_due = counter.add(counts_from, total)
    if explain:
        detail = f"{REPLY_PERIOD}个工作日"
        if clock.extension_days:
            detail += f"＋延期{clock.extension_days}个工作日（条例第三十三条）"
        if paused:
            detail += f"＋暂停{paused}个工作日"
        note(
            f"答复期限：{counts_from.isoformat()}后第{total}个工作日（{detail}），即{reply_due.isoformat()}"
        )
    if clock.custom_due and clock.custom_due > reply_due:
        reply_due = clock.custom_due
        if explain:
            note(f"按条例第三十五条告知申请人的答复期限：{reply_due.isoformat()}")
    if counter.warning and explain:
        note(f"注意：{counter.warning}；以上日期按周一至周五估算")
    predicted = [y for y, source in counter.sources.items() if source == Source.PREDICTED]
    if predicted and explain:
        note(f"注意：{predicted_caveat(predicted)}")
    return Deadline(
        correction_due,
        reply_due,
        paused,
        counts_from,
        bool(counter.warning),
        counter.warning,
        tuple(steps),
        counter.sources,
    )


def _skip(_: str) -> None:
    return None


def due_after(calendar: WorkCalendar, start: date, count: int) -> tuple[date, str]:
    """The `count`-th working day after `start`, and what the reader must know of it: a warning
    when it had to be estimated, the caveat when it was counted through a predicted year."""
    counter = _Counter(calendar)
    end = counter.add(start, count)
    predicted = [y for y, source in counter.sources.items() if source == Source.PREDICTED]
    return end, counter.warning or (predicted_caveat(predicted) if predicted else "")


def workdays_to(calendar: WorkCalendar, today: date, due: date) -> int | None:
    """Working days left until `due` (negative when overdue); None if the calendar cannot say."""
    try:
        if due >= today:
            return calendar.workdays_between(today, due)
        return -calendar.workdays_between(due, today)
    except CalendarNotCovered:
        return None
