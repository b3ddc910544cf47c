"""An extension in two steps (条例第三十三条第二款: 经政府信息公开工作机构负责人同意): the handler
proposes it with the days and the reason; the head consents (`actions.extend`, the only step
that moves the deadline) or refuses with a reason. Both steps are events on the case."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.services.actions import _transition, check_extension
from gongkai.applications.services.common import CaseError
from gongkai.applications.workflow import Action

_DECIDED = (Action.EXTEND, Action.REFUSE_EXTENSION)


def pending_extension(events: list[CaseEvent]) -> CaseEvent | None:
    """The proposal the head has not yet answered (events in order), or None."""
    pending = None
    for event in events:
        if event.action == Action.PROPOSE_EXTENSION:
            pending = event
        elif event.action in _DECIDED:
            pending = None
    return pending


def propose_extension(
    application: Application,
    actor: Any,
    *,
    on: date,
    days: int,
    reason: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """The handler asks the head to extend the reply period by `days` working days."""

    def change(case: Application) -> dict[str, Any]:
        if pending_extension(list(case.events.all())):
            raise CaseError("已提请延期，正等待负责人同意")
        check_extension(case, on, days, reason)
        return {"days": days}

    return _transition(
        application, Action.PROPOSE_EXTENSION, actor, version, on, change, reason, today_
    )


def refuse_extension(
    application: Application,
    actor: Any,
    *,
    on: date,
    reason: str,
    version: int | None = None,
    today_: date | None = None,
) -> Application:
    """The head does not consent; the deadline stays as it is."""

    def change(case: Application) -> dict[str, Any]:
        proposal = pending_extension(list(case.events.all()))
        if proposal is None:
            raise CaseError("没有待同意的延期申请")
        if not reason.strip():
            raise CaseError("请填写不同意的理由")
        return {"proposed_days": proposal.data.get("days")}

    return _transition(
        application, Action.REFUSE_EXTENSION, actor, version, on, change, reason, today_
    )


def pending_extensions(cases: Any) -> list[tuple[Application, CaseEvent]]:
    """The open cases among `cases` whose proposed extension awaits the head, with the proposal
    (for the head's dashboard): one query over the extension steps, in order."""
    steps = (
        CaseEvent.objects.filter(
            application__in=cases.open(),
            action__in=[Action.PROPOSE_EXTENSION, *_DECIDED],
        )
        .select_related("application", "actor")
        .order_by("application_id", "at", "pk")
    )
    by_case: dict[int, list[CaseEvent]] = {}
    for step in steps:
        by_case.setdefault(step.application_id, []).append(step)
    found = [
        (events[0].application, p)
        for events in by_case.values()
        if (p := pending_extension(events))
    ]
    return sorted(found, key=lambda pair: pair[1].at)
