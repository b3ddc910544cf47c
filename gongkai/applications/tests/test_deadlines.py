"""The clock of a case from its typed events (pure)."""

from __future__ import annotations

from datetime import date

from gongkai.applications.deadlines import Clock, Pause, compute, merged_pauses
from gongkai.calendar.seed import package_calendar

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


def test_a_deadline_in_an_unloaded_year_is_estimated_visibly() -> None:
    result = compute(Clock(D("2026-12-15")), CALENDAR)
    assert result.estimated
    assert "2027年的节假日安排" in result.warning
    assert result.reply_due == D("2027-01-12")
    assert "估算" in result.steps[-1]
