"""The clock of a case from its typed events (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.applications.deadlines import Clock, Pause, compute, merged_pauses
from gongkai.calendar.package import package_calendar
from gongkai.calendar.sources import standard_calendar
from gongkai.calendar.workdays import Source

CALENDAR = package_calendar()
D = date.fromisoformat


def test_plain_case() -> None:
    result = compute(Clock(D("2025-09-26")), CALENDAR)
    assert (result.correction_notice_due, result.reply_due, result.paused_workdays) == (
        D("2025-10-13"),
        D("2025-10-30"),
        0,
    )
    assert result.steps[-1] == "答复期限：2025-09-26后第20个工作日（20个工作日），即2025-10-30"


def test_correction_stops_then_restarts_the_clock() -> None:
    waiting = compute(Clock(D("2025-09-26"), correction_requested_on=D("2025-09-30")), CALENDAR)
    assert waiting.reply_due is None and waiting.counts_from is None
    corrected = compute(Clock(D("2025-09-26"), D("2025-09-30"), D("2025-12-31")), CALENDAR)
    assert corrected.counts_from == D("2025-12-31")
    assert corrected.reply_due == D("2026-01-29")  # the §2.4 vector for 2025-12-31


def test_pauses_extension_and_custom_deadline() -> None:
    clock = Clock(
        D("2025-09-26"),
        pauses=(Pause("third_party", D("2025-10-09"), D("2025-10-20")),),
        extension_days=5,
    )
    result = compute(clock, CALENDAR)
    assert result.paused_workdays == 8  # 10, 11 (调休上班), 13–17, 20 October
    assert result.reply_due == CALENDAR.add_workdays(D("2025-09-26"), 33)
    later = compute(Clock(D("2025-09-26"), custom_due=D("2026-01-30")), CALENDAR)
    assert later.reply_due == D("2026-01-30")


def test_an_open_pause_runs_until_today() -> None:
    clock = Clock(D("2025-03-03"), pauses=(Pause("other_agency", D("2025-03-10")),))
    assert compute(clock, CALENDAR, today=D("2025-03-14")).paused_workdays == 4
    assert compute(clock, CALENDAR, today=D("2025-03-21")).paused_workdays == 9


def test_overlapping_pauses_are_counted_once() -> None:
    pauses = (
        Pause("third_party", D("2025-03-10"), D("2025-03-20")),
        Pause("fee", D("2025-03-15"), D("2025-03-25")),
    )
    assert merged_pauses(pauses, D("2025-03-01"), D("2025-04-01")) == [
        (D("2025-03-10"), D("2025-03-25"))
    ]


def test_a_deadline_running_into_a_predicted_year_says_so() -> None:
    """The package ends with 2026: 2027 is counted with the prediction, not Monday–Friday."""
    calendar = standard_calendar()
    result = compute(Clock(D("2026-12-04")), calendar)
    assert result.reply_due == D("2027-01-04")  # 1 January 2027 (Friday) is 元旦
    assert result.predicted and not result.estimated
    assert result.calendar == {2026: Source.PACKAGE, 2027: Source.PREDICTED}
    assert result.to_json()["calendar"] == {"2026": "package", "2027": "predicted"}
    assert "预测的2027年节假日安排" in result.steps[-1]
    within = compute(Clock(D("2026-11-02")), calendar)
    assert within.calendar == {2026: Source.PACKAGE} and not within.predicted


def test_a_due_date_never_falls_on_a_statutory_holiday() -> None:
    calendar = standard_calendar()
    day = D("2026-06-01")
    while day < D("2100-11-01"):
        due = compute(Clock(day), calendar, explain=False)
        assert due.reply_due and calendar.is_workday(due.reply_due), day
        assert calendar.is_workday(due.correction_notice_due), day
        day += timedelta(days=11)


def test_beyond_the_calendar_the_estimate_is_visible() -> None:
    result = compute(Clock(D("2100-12-15")), standard_calendar())
    assert result.estimated and "2101年不在工作日历的范围内" in result.warning
    assert result.reply_due == D("2101-01-12")
    assert any("估算" in step for step in result.steps)
