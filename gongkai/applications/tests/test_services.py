"""Receiving cases, the clock from events, year boundaries, repeats, fees and documents."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import docx
import pytest

from gongkai.applications import documents, services, stats
from gongkai.applications.models import Applicant, Application, CaseEvent
from gongkai.applications.tests import factories
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def agency() -> Any:
    return factories.agency(code="GX", phone="0379-12345678", address="洛阳市高新区丰华路6号")


@pytest.fixture
def handler(agency: Any) -> Any:
    return factories.staff(agency, Role.HANDLER)


def test_receive_starts_the_clock_and_logs_it(agency: Any) -> None:
    received = services.receive(
        agency=agency,
        on=D("2025-09-30"),
        applicant=factories.applicant(id_type="resident_id", id_number="11010519491231002X"),
        case={"received_on": D("2025-09-26"), "channel": "letter_signed", "description": "某文件"},
    )
    case = received.application
    assert case.tracking_code.startswith("GX2025-")
    assert len(received.check_code) == len("XXXX-XXXX-XXXX")
    assert services.check_code_matches(case, received.check_code)
    assert services.check_code_matches(case, received.check_code.replace("-", " ").lower())
    assert not services.check_code_matches(case, "000000")
    assert received.check_code.replace("-", "") not in case.check_code_hash
    assert (case.due_date, case.period_start) == (D("2025-10-30"), D("2025-09-26"))
    event = case.events.get()
    assert event.action == CaseEvent.RECEIVED and event.after["status"] == "registered"


@pytest.mark.parametrize(
    ("applicant", "received_on", "message"),
    [
        ({"id_type": "resident_id", "id_number": "110105194912310021"}, "2025-09-26", "校验位"),
        (
            {"id_type": "credit_code", "id_number": "91350100M000100Y44", "kind": "commercial"},
            "2025-09-26",
            "校验位",
        ),
        ({}, "2025-10-01", "不能晚于今天"),
        ({}, "2007-12-31", "2008年5月1日"),
    ],
)
def test_bad_input_saves_nothing(
    agency: Any, applicant: dict[str, str], received_on: str, message: str
) -> None:
    with pytest.raises(services.CaseError, match=message):
        services.receive(
            agency=agency,
            on=D("2025-09-30"),
            applicant=factories.applicant(**applicant),
            case={"received_on": D(received_on), "channel": "online", "description": "x"},
        )
    assert Application.objects.count() == Applicant.objects.count() == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda c, h: services.decide(
                c, h, on=D("2025-09-25"), outcome="granted", today_=D("2025-09-30")
            ),
            "不能早于收到申请之日",
        ),
        (
            lambda c, h: services.decide(
                c, h, on=D("2025-09-29"), outcome="granted.partly", today_=D("2025-09-30")
            ),
            "不在年度报告表三的分类中",
        ),
        (
            lambda c, h: services.decide(
                c, h, on=D("2025-09-29"), outcome="other.unpaid_fee", today_=D("2025-09-30")
            ),
            "终止操作",
        ),
        (
            lambda c, h: services.decide(
                c, h, on=D("2025-10-02"), outcome="granted", today_=D("2025-09-30")
            ),
            "不能晚于今天",
        ),
        (
            lambda c, h: services.request_correction(
                c, h, on=D("2025-10-14"), reply_by=D("2025-10-30"), what="x", today_=D("2025-10-20")
            ),
            "7个工作日内",
        ),
    ],
)
def test_rule_violations_are_refused_in_chinese(
    agency: Any, handler: Any, call: Any, message: str
) -> None:
    case = factories.case(agency, D("2025-09-26"), on=D("2025-09-30"))
    with pytest.raises(services.CaseError, match=message):
        call(case, handler)
    case.refresh_from_db()
    assert case.status == "registered" and case.events.count() == 1


def test_one_correction_and_one_extension_only(agency: Any, handler: Any) -> None:
    head = factories.staff(agency, Role.HEAD)
    case = factories.case(agency, D("2025-03-03"), on=D("2025-03-03"))
    today = D("2025-06-30")
    case = services.request_correction(
        case, handler, on=D("2025-03-05"), reply_by=D("2025-03-20"), what="文号", today_=today
    )
    assert case.due_date is None and case.period_start is None  # the clock stops until corrected
    case = services.receive_correction(case, handler, on=D("2025-03-12"), today_=today)
    assert case.period_start == D("2025-03-12")
    assert case.due_date == D("2025-04-10")
    with pytest.raises(services.CaseError, match=r"只能告知一次|不能执行"):
        services.request_correction(
            case, handler, on=D("2025-03-13"), reply_by=D("2025-03-30"), what="x", today_=today
        )
    case = services.extend(
        case, head, on=D("2025-03-20"), days=20, reason="涉及多个部门", today_=today
    )
    assert case.due_date == D("2025-05-12")
    with pytest.raises(services.CaseError, match="只能延长一次"):
        services.extend(case, head, on=D("2025-03-21"), days=5, reason="再延", today_=today)


def test_service_date_decides_whether_the_deadline_was_met(agency: Any, handler: Any) -> None:
    on_time = factories.case(agency, D("2025-09-26"), on=D("2025-12-31"))
    on_time = services.decide(
        on_time, handler, on=D("2025-10-28"), outcome="granted", today_=D("2025-12-31")
    )
    on_time = services.serve(
        on_time, handler, on=D("2025-10-30"), method="post", today_=D("2025-12-31")
    )
    assert on_time.met_deadline is True
    late = factories.case(agency, D("2025-09-26"), on=D("2025-12-31"))
    late = services.decide(
        late, handler, on=D("2025-10-29"), outcome="granted", today_=D("2025-12-31")
    )
    late = services.serve(
        late, handler, on=D("2025-10-31"), method="direct", today_=D("2025-12-31")
    )
    assert late.met_deadline is False


def test_year_boundary_carries_cases_over(agency: Any, handler: Any) -> None:
    today = D("2026-03-31")
    answered_in_2025 = factories.case(agency, D("2025-06-02"), on=today)
    services.decide(answered_in_2025, handler, on=D("2025-06-20"), outcome="granted", today_=today)
    across = factories.case(agency, D("2025-12-22"), on=today)
    services.decide(
        across, handler, on=D("2026-01-15"), outcome="unavailable.not_held", today_=today
    )
    still_open = factories.case(agency, D("2025-12-29"), on=today)
    new_in_2026 = factories.case(agency, D("2026-02-02"), on=today)
    services.withdraw(new_in_2026, handler, on=D("2026-02-03"), today_=today)
    cases = Application.objects.filter(agency=agency)
    y2025, y2026 = stats.table_three(cases, 2025), stats.table_three(cases, 2026)
    assert (
        y2025["applications.new.total"],
        y2025["applications.handled_total.total"],
        y2025["applications.carried_out.total"],
    ) == (3, 1, 2)
    assert (
        y2026["applications.new.total"],
        y2026["applications.carried_in.total"],
        y2026["applications.handled_total.total"],
        y2026["applications.carried_out.total"],
    ) == (1, 2, 2, 1)
    assert y2026["applications.unavailable.not_held.natural_person"] == 1
    assert y2026["applications.other.other.total"] == 1
    for year in (y2025, y2026):  # the template's balance holds by construction
        assert (
            year["applications.new.total"] + year["applications.carried_in.total"]
            == year["applications.handled_total.total"] + year["applications.carried_out.total"]
        )
    assert still_open.pk in cases.carried_out_of(2026).values_list("pk", flat=True)


def test_repeated_applications_are_linked(agency: Any, handler: Any) -> None:
    who = factories.applicant()
    first = factories.case(
        agency,
        D("2025-03-03"),
        on=D("2025-06-30"),
        who=who,
        description="申请公开2024年某道路工程征收补偿方案。",
    )
    services.decide(first, handler, on=D("2025-03-20"), outcome="granted", today_=D("2025-06-30"))
    again = factories.case(
        agency,
        D("2025-05-06"),
        on=D("2025-06-30"),
        who={**who, "name": who["name"]},
        description="申请公开 2024年某道路工程征收补偿方案",
    )
    assert again.repeat_of == first
    assert again.events.filter(action=CaseEvent.LINKED).exists()
    different = factories.case(
        agency, D("2025-05-07"), on=D("2025-06-30"), who=who, description="申请公开财政预算"
    )
    assert different.repeat_of is None


def test_fee_per_piece_counts_the_applicants_month(agency: Any, handler: Any) -> None:
    who = factories.applicant()
    cases = [
        factories.case(agency, D("2025-03-03") + timedelta(days=i), on=D("2025-06-30"), who=who)
        for i in range(12)
    ]
    with pytest.raises(services.CaseError, match="不收费"):
        services.send_fee_notice(
            cases[0],
            handler,
            on=D("2025-03-05"),
            basis="per_piece",
            quantity=1,
            today_=D("2025-06-30"),
        )
    eleventh = services.send_fee_notice(
        cases[10],
        handler,
        on=D("2025-03-14"),
        basis="per_piece",
        quantity=1,
        today_=D("2025-06-30"),
    )
    assert eleventh.fee_amount == 100 and eleventh.status == "awaiting_fee"
    assert eleventh.due_date > cases[11].due_date  # the payment window does not count


def test_documents_fill_the_agencys_template(agency: Any, handler: Any) -> None:
    case = factories.case(agency, D("2025-09-26"), on=D("2025-09-30"))
    case = services.request_correction(
        case,
        handler,
        on=D("2025-09-29"),
        reply_by=D("2025-10-20"),
        what="所需文件的文号",
        today_=D("2025-09-30"),
    )
    events = list(case.events.all())
    assert [k.key for k in documents.available(events)] == ["acknowledgement", "correction"]
    text = _docx_text(documents.render_notice(case, "correction", events))
    assert (
        "政府信息公开申请补正告知书" in text
        and "所需文件的文号" in text
        and "2025年10月20日" in text
    )
    case.agency.notice_templates.create(
        kind="correction", title="补正通知", body="{申请人}：请补正{补正内容}。{不存在}"
    )
    text = _docx_text(documents.render_notice(case, "correction", events))
    assert "补正通知" in text and f"{case.applicant.name}：请补正所需文件的文号。{{不存在}}" in text


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
