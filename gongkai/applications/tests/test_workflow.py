"""Every transition of the workflow table through the services, and every forbidden one."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.tests import factories
from gongkai.applications.workflow import (
    TRANSITIONS,
    Action,
    ForbiddenTransition,
    Status,
    next_status,
)
from gongkai.orgs.models import Role

RECEIVED = date(2025, 3, 3)
TODAY = date(2025, 9, 30)


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)))
def test_the_table_is_the_only_way(status: Status, action: Action) -> None:
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) == TRANSITIONS[(status, action)]
    else:
        with pytest.raises(ForbiddenTransition, match=f"不能执行“{action.label}”"):
            next_status(status, action)


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    agency = factories.agency()
    return {
        "agency": agency,
        "handler": factories.staff(agency, Role.HANDLER),
        "head": factories.staff(agency, Role.HEAD),
    }


def _arguments(action: Action, case: Application) -> dict[str, Any]:
    day = case.events.order_by("-on").first().on + timedelta(days=1)  # type: ignore[union-attr]
    events = {e.action: e for e in case.events.all()}
    if action == Action.REQUEST_CORRECTION:
        return {
            "on": RECEIVED + timedelta(days=2),
            "reply_by": RECEIVED + timedelta(days=30),
            "what": "请写明文号",
        }
    if action == Action.LAPSE_CORRECTION:
        return {
            "on": date.fromisoformat(events[Action.REQUEST_CORRECTION].data["reply_by"])
            + timedelta(days=1)
        }
    if action == Action.LAPSE_FEE:
        return {
            "on": date.fromisoformat(events[Action.SEND_FEE_NOTICE].data["pay_by"])
            + timedelta(days=1)
        }
    extra: dict[str, Any] = {
        Action.START_CONSULTATION: {"kind": "third_party", "party": "某公司"},
        Action.END_CONSULTATION: {"opinion": "不同意公开"},
        Action.EXTEND: {"days": 10, "reason": "需要协调多个部门"},
        Action.PROPOSE_EXTENSION: {"days": 10, "reason": "需要协调多个部门"},
        Action.REFUSE_EXTENSION: {"reason": "可以按期答复"},
        Action.SET_CUSTOM_DEADLINE: {"due": TODAY + timedelta(days=90), "reason": "申请数量大"},
        Action.SEND_FEE_NOTICE: {"basis": "per_volume", "quantity": 120},
        Action.DECIDE: {"outcome": "granted", "note": "予以提供"},
        Action.SERVE: {"method": "post"},
    }.get(action, {})
    return {"on": day, **extra}


def _actor(action: Action, people: dict[str, Any]) -> Any:
    return (
        people["head"]
        if action in (Action.EXTEND, Action.SET_CUSTOM_DEADLINE, Action.REFUSE_EXTENSION)
        else people["handler"]
    )


def _case_in(status: Status, people: dict[str, Any]) -> Application:
    case = factories.case(people["agency"], RECEIVED, on=TODAY)
    path = {
        Status.REGISTERED: [],
        Status.CORRECTION: [Action.REQUEST_CORRECTION],
        Status.CONSULTING: [Action.START_CONSULTATION],
        Status.AWAITING_FEE: [Action.SEND_FEE_NOTICE],
        Status.DECIDED: [Action.DECIDE],
        Status.CLOSED: [Action.DECIDE, Action.SERVE],
    }[status]
    for action in path:
        case = services.ACTIONS[action](
            case, _actor(action, people), today_=TODAY, **_arguments(action, case)
        )
    assert case.status == status
    return case


@pytest.mark.parametrize(
    ("source", "action"), list(TRANSITIONS), ids=[f"{s.value}-{a.value}" for s, a in TRANSITIONS]
)
def test_each_transition_writes_one_event(
    people: dict[str, Any], source: Status, action: Action
) -> None:
    case = _case_in(source, people)
    if action == Action.REFUSE_EXTENSION:  # the head answers the handler's proposal
        case = services.propose_extension(
            case, people["handler"], today_=TODAY, **_arguments(Action.PROPOSE_EXTENSION, case)
        )
    before_events, version = case.events.count(), case.version
    actor = _actor(action, people)
    changed = services.ACTIONS[action](
        case, actor, version=version, today_=TODAY, **_arguments(action, case)
    )
    assert changed.status == TRANSITIONS[(source, action)]
    assert changed.version == version + 1
    assert case.events.count() == before_events + 1
    event = case.events.order_by("-pk").first()
    assert event is not None and event.action == action.value and event.actor == actor
    assert event.before["status"] == source.value and event.after["status"] == changed.status


FORBIDDEN = [(s, a) for s in Status for a in Action if (s, a) not in TRANSITIONS]


@pytest.mark.parametrize(
    ("source", "action"), FORBIDDEN, ids=[f"{s.value}-{a.value}" for s, a in FORBIDDEN]
)
def test_each_forbidden_transition_raises_and_changes_nothing(
    people: dict[str, Any], source: Status, action: Action
) -> None:
    case = _case_in(source, people)
    before_events, version = case.events.count(), case.version
    with pytest.raises(services.CaseError, match="不能执行"):
        services.ACTIONS[action](
            case,
            _actor(action, people),
            today_=TODAY,
            **{**_arguments(action, case), "on": RECEIVED + timedelta(days=5)}
            if action not in (Action.LAPSE_CORRECTION, Action.LAPSE_FEE)
            else {"on": RECEIVED + timedelta(days=5)},
        )
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count()) == (source, version, before_events)


def test_only_the_head_approves_an_extension(people: dict[str, Any]) -> None:
    case = _case_in(Status.REGISTERED, people)
    with pytest.raises(services.CaseError, match="只能由公开办负责人办理"):
        services.extend(
            case,
            people["handler"],
            on=RECEIVED + timedelta(days=3),
            days=5,
            reason="复杂",
            today_=TODAY,
        )
    assert not CaseEvent.objects.filter(application=case, action=Action.EXTEND).exists()


def test_staff_of_another_agency_cannot_act(people: dict[str, Any]) -> None:
    other = factories.staff(factories.agency(), Role.HEAD)
    case = _case_in(Status.REGISTERED, people)
    with pytest.raises(services.CaseError, match="只能由"):
        services.decide(
            case, other, on=RECEIVED + timedelta(days=3), outcome="granted", today_=TODAY
        )


def test_a_stale_form_is_refused(people: dict[str, Any]) -> None:
    case = _case_in(Status.REGISTERED, people)
    services.start_consultation(
        case,
        people["handler"],
        on=RECEIVED + timedelta(days=1),
        kind="third_party",
        party="甲公司",
        version=case.version,
        today_=TODAY,
    )
    with pytest.raises(services.StaleCase, match="已被他人修改"):
        services.withdraw(
            case,
            people["handler"],
            on=RECEIVED + timedelta(days=2),
            version=case.version,
            today_=TODAY,
        )
