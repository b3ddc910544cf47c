"""An extension in two steps (条例第三十三条): the handler proposes, the head consents or refuses;
only the consent moves the deadline, and both steps are on the case's timeline."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import services
from gongkai.applications.tests import factories
from gongkai.orgs.models import Role

RECEIVED = date(2025, 3, 3)  # a Monday
TODAY = date(2025, 3, 20)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_and_people() -> tuple:  # type: ignore[type-arg]
    agency = factories.agency()
    handler = factories.staff(agency, Role.HANDLER)
    head = factories.staff(agency, Role.HEAD)
    case = factories.case(agency, RECEIVED, on=TODAY)
    return case, handler, head


def test_the_handler_proposes_and_only_the_heads_consent_moves_the_deadline(
    case_and_people: tuple,  # type: ignore[type-arg]
) -> None:
    case, handler, head = case_and_people
    due = case.due_date
    case = services.propose_extension(
        case, handler, on=TODAY, days=10, reason="需要协调三个部门", today_=TODAY
    )
    assert case.due_date == due  # a proposal changes nothing yet
    pending = services.pending_extension(list(case.events.all()))
    assert pending is not None and pending.data == {"days": 10} and pending.actor == handler
    with pytest.raises(services.CaseError, match="已提请延期"):
        services.propose_extension(case, handler, on=TODAY, days=5, reason="再提", today_=TODAY)
    with pytest.raises(services.CaseError, match="只能由公开办负责人办理"):
        services.extend(case, handler, on=TODAY, days=10, reason="自己同意", today_=TODAY)
    case = services.extend(case, head, on=TODAY, days=10, reason="同意", today_=TODAY)
    assert case.due_date is not None and due is not None and case.due_date > due
    assert services.pending_extension(list(case.events.all())) is None
    assert [e.action for e in case.events.all()][-2:] == ["propose_extension", "extend"]
    with pytest.raises(services.CaseError, match="只能延长一次"):
        services.propose_extension(case, handler, on=TODAY, days=5, reason="再延", today_=TODAY)


def test_the_head_refuses_with_a_reason_and_the_deadline_stays(
    case_and_people: tuple,  # type: ignore[type-arg]
) -> None:
    case, handler, head = case_and_people
    due = case.due_date
    with pytest.raises(services.CaseError, match="没有待同意的延期申请"):
        services.refuse_extension(case, head, on=TODAY, reason="不必", today_=TODAY)
    case = services.propose_extension(
        case, handler, on=TODAY, days=10, reason="材料多", today_=TODAY
    )
    with pytest.raises(services.CaseError, match="只能由公开办负责人办理"):
        services.refuse_extension(case, handler, on=TODAY, reason="不必", today_=TODAY)
    with pytest.raises(services.CaseError, match="请填写不同意的理由"):
        services.refuse_extension(case, head, on=TODAY, reason=" ", today_=TODAY)
    case = services.refuse_extension(case, head, on=TODAY, reason="可以按期答复", today_=TODAY)
    assert case.due_date == due
    refused = case.events.order_by("-pk").first()
    assert refused is not None and refused.note == "可以按期答复" and refused.actor == head
    assert services.pending_extension(list(case.events.all())) is None
    # Refused once, the handler may propose again (a new reason, say).
    services.propose_extension(case, handler, on=TODAY, days=5, reason="新情况", today_=TODAY)
