"""A case's clock: its events as a deadlines.Clock, the due dates, the workbench marks."""

from __future__ import annotations

from datetime import date

from gongkai.applications import deadlines, workflow
from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.services.common import today
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
        if event.kind == Action.REQUEST_CORRECTION:
            requested = event.on
        elif event.kind == Action.RECEIVE_CORRECTION:
            corrected = event.on
        elif event.kind == Action.EXTEND:
            extension = int(event.data.get("days", 0))
        elif event.kind == Action.SET_CUSTOM_DEADLINE:
            custom = date.fromisoformat(event.data["due"])
        elif event.kind in (Action.START_CONSULTATION, Action.SEND_FEE_NOTICE):
            kind = event.data.get("kind", "fee")
            open_pause = deadlines.Pause(kind, event.on)
        elif event.kind in (Action.END_CONSULTATION, Action.RECORD_PAYMENT) and open_pause:
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


def refresh_deadline(application: Application, on: date) -> deadlines.Deadline:
    deadline = deadline_of(application, on, explain=False)
    application.period_start = deadline.counts_from
    application.due_date = deadline.reply_due  # None while a correction is awaited
    application.due_estimated = deadline.estimated
    return deadline


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
