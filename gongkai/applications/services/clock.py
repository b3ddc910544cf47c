"""A case's clock: its events as a deadlines.Clock, the due dates, the workbench marks."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.accounts.actors import actor_or_none
from gongkai.applications import deadlines, workflow
from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.services.common import snapshot, today
from gongkai.applications.workflow import Action
from gongkai.calendar import services as calendar_services
from gongkai.calendar.workdays import WorkCalendar

# --- the clock ----------------------------------------------------------------------------------


def clock_of(application: Application, events: list[CaseEvent] | None = None) -> deadlines.Clock:
    events = events if events is not None else list(application.events.all())
    requested = corrected = custom = None
    extension = 0
    pauses: list[deadlines.Pause] = []
    open_pause: deadlines.Pause | None = None
    for event in events:
        if event.action == Action.REQUEST_CORRECTION:
            requested = event.on
        elif event.action == Action.RECEIVE_CORRECTION:
            corrected = event.on
        elif event.action == Action.EXTEND:
            extension = int(event.data.get("days", 0))
        elif event.action == Action.SET_CUSTOM_DEADLINE:
            custom = date.fromisoformat(event.data["due"])
        elif event.action in (Action.START_CONSULTATION, Action.SEND_FEE_NOTICE):
            kind = event.data.get("kind", "fee")
            open_pause = deadlines.Pause(kind, event.on)
        elif event.action in (Action.END_CONSULTATION, Action.RECORD_PAYMENT) and open_pause:
            pauses.append(deadlines.Pause(open_pause.kind, open_pause.start, event.on))
            open_pause = None
    if open_pause:
        pauses.append(open_pause)
    return deadlines.Clock(
        application.received_on, requested, corrected, tuple(pauses), extension, custom
    )


def deadline_of(
    application: Application,
    on: date | None = None,
    calendar: WorkCalendar | None = None,
    explain: bool = True,
) -> deadlines.Deadline:
    return deadlines.compute(
        clock_of(application),
        calendar or calendar_services.current(),
        on or today(),
        explain=explain,
    )


DEADLINE_FIELDS = ["period_start", "due_date", "due_estimated", "due_predicted"]


def refresh_deadline(
    application: Application, on: date, calendar: WorkCalendar | None = None
) -> deadlines.Deadline:
    """Sets the stored deadline fields (DEADLINE_FIELDS) from the case's events; saves nothing."""
    deadline = deadline_of(application, on, calendar, explain=False)
    application.period_start = deadline.counts_from
    application.due_date = deadline.reply_due  # None while a correction is awaited
    application.due_estimated = deadline.estimated
    application.due_predicted = deadline.predicted
    return deadline


def follow_calendar(
    notice: Any, actor: Any, calendar: WorkCalendar, on: date | None = None, **_: Any
) -> list[CaseEvent]:
    """After a holiday notice is loaded (calendar.services.notice_loaded): every open case whose
    due date counts through that year is recomputed with the new calendar; each one whose date
    or its 预测 mark changes is saved with an event on its timeline. Returns those events."""
    current = on or today()
    first_day = date(notice.year, 1, 1)
    cases = (
        Application.objects.open()
        .filter(due_date__gte=first_day)
        .select_for_update()
        .prefetch_related("events")
        .order_by("pk")
    )
    written = []
    for case in cases:
        before = snapshot(case)
        old_due = case.due_date
        refresh_deadline(case, current, calendar)
        if snapshot(case) == before:
            continue
        case.version += 1
        case.save(update_fields=[*DEADLINE_FIELDS, "version"])
        if case.due_date == old_due:
            what = f"答复期限{_day(case.due_date)}不变，已按通知确认"
        else:
            what = f"答复期限由{_day(old_due)}调整为{_day(case.due_date)}"
        written.append(
            CaseEvent.objects.create(
                application=case,
                action=CaseEvent.RECALCULATED,
                on=current,
                actor=actor_or_none(actor),
                before=before,
                after=snapshot(case),
                data={
                    "notice": notice.pk,
                    "year": notice.year,
                    "changed": case.due_date != old_due,
                },
                note=f"已载入{notice.year}年节假日安排（{notice.notice}）：{what}",
            )
        )
    return written


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（待补正）"


def due_status(
    application: Application, calendar: WorkCalendar, on: date
) -> tuple[str, int | None]:
    """("overdue" | "due_soon" | "", working days left) for the workbench marks."""
    if application.due_date is None or application.status not in {
        s.value for s in workflow.OPEN_STATUSES
    }:
        return "", None
    left = deadlines.workdays_to(calendar, on, application.due_date)
    if application.due_date < on:
        return "overdue", left
    if left is not None and left <= 5:
        return "due_soon", left
    return "", left
