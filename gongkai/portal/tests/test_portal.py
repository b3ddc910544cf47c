"""The public side: applying online, the one-time acknowledgement, and following a case."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.applications import documents
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.calendar import services as calendar_services

pytestmark = pytest.mark.django_db

APPLICANT = {
    "applicant-kind": "natural_person",
    "applicant-name": "李四",
    "applicant-id_type": "resident_id",
    "applicant-id_number": "11010519491231002X",
    "applicant-phone": "13800000000",
    "applicant-email": "lisi@example.com",
}


@pytest.fixture
def agency() -> Any:
    return factories.agency(
        "某市生态环境局", office_name="政务公开科", phone="0379-1111", code="HB"
    )


def test_apply_online_then_track(agency: Any) -> None:
    client = Client()
    assert agency.name in client.get("/").content.decode()
    response = client.post(
        reverse("portal:apply"),
        {
            **APPLICANT,
            "case-agency": agency.pk,
            "case-description": "某企业2024年环评批复",
            "case-form_requested": "电子",
            "case-delivery_requested": "电子邮件",
            "case-confirm": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    case = Application.objects.get()
    assert case.channel == "online" and case.tracking_code.startswith("HB")
    assert case.tracking_code in page and "查询码只在此显示一次" in page
    check_code = page.split("查询码</dt><dd><strong>")[1].split("</strong>")[0]
    assert len(check_code.replace("-", "")) == 12
    again = client.get(reverse("portal:apply_done"), follow=True).content.decode()
    assert check_code not in again and "回执只显示一次" in again
    tracked = client.post(
        reverse("portal:track"),
        {"tracking_code": case.tracking_code.lower(), "check_code": check_code},
    ).content.decode()
    assert "办理中" in tracked and agency.name in tracked
    assert "李四" not in tracked and "11010519491231002X" not in tracked and "lisi@" not in tracked


def test_wrong_codes_get_one_answer(agency: Any) -> None:
    case = factories.case(agency, date(2025, 9, 1), on=date(2025, 9, 30))
    client = Client()
    unknown = client.post(
        reverse("portal:track"), {"tracking_code": "GK2025-XXXXXX", "check_code": "123456"}
    )
    assert unknown.status_code == 422
    wrong = client.post(
        reverse("portal:track"), {"tracking_code": case.tracking_code, "check_code": "0000000"}
    )
    assert wrong.status_code == 422
    assert (
        unknown.content.decode().count("跟踪码或查询码不正确")
        == wrong.content.decode().count("跟踪码或查询码不正确")
        == 1
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"applicant-id_number": "110105194912310021"}, "校验位不正确"),
        ({"case-confirm": ""}, "请确认后提交"),
        ({"case-description": ""}, "这个字段是必填项"),
        ({"case-description": "某" * 10_001}, "所需信息的描述最多10000个字（现有10001个字）"),
        (
            {"applicant-kind": "natural_person", "applicant-id_type": "credit_code"},
            "自然人申请人请填写个人身份证件",
        ),
        ({"applicant-email": "not-an-email"}, "请输入有效的电子邮箱地址"),
        ({"applicant-phone": "abc"}, "联系电话格式不正确"),
        ({"applicant-postcode": "47100"}, "邮政编码应为6位数字"),
        ({"applicant-name": "李" * 101}, "姓名或名称最多100个字（现有101个字）"),
    ],
)
def test_bad_applications_are_refused_in_chinese(
    agency: Any, change: dict[str, str], message: str
) -> None:
    data = {
        **APPLICANT,
        "case-agency": agency.pk,
        "case-description": "某文件",
        "case-confirm": "on",
        **change,
    }
    response = Client().post(reverse("portal:apply"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Application.objects.count() == 0


def test_a_reply_date_in_a_predicted_year_is_marked_for_the_applicant(agency: Any) -> None:
    """Applied on 6 December 2035: the 20 working days run into 2036, whose holiday notice is not
    published; the acknowledgement, the tracking page and the Word receipt say 预测 and why."""
    moment = datetime(2035, 12, 6, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        client = Client()
        page = client.post(
            reverse("portal:apply"),
            {
                **APPLICANT,
                "case-agency": agency.pk,
                "case-description": "某项目环评批复",
                "case-confirm": "on",
            },
            follow=True,
        ).content.decode()
        case = Application.objects.get()
        assert case.received_on == date(2035, 12, 6) and case.due_predicted
        assert case.due_date.year == 2036
        assert "预测" in page and "国务院办公厅公布该年节假日安排后将据此确认" in page
        check_code = page.split("查询码</dt><dd><strong>")[1].split("</strong>")[0]
        tracked = client.post(
            reverse("portal:track"), {"tracking_code": case.tracking_code, "check_code": check_code}
        ).content.decode()
        assert "预测" in tracked and "预测的2036年节假日安排" in tracked
        receipt = docx.Document(io.BytesIO(documents.render_notice(case, "acknowledgement")))
        text = "\n".join(p.text for p in receipt.paragraphs)
        assert f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日（预测" in text

        # Once both years' notices are loaded the date is no longer a prediction.
        admin = factories.staff(agency, "admin")
        for year in (2035, 2036):
            calendar_services.load_year(year, "通知", [(date(year, 1, 1), "元旦")], [], actor=admin)
        case.refresh_from_db()
        assert not case.due_predicted
        tracked = client.post(
            reverse("portal:track"), {"tracking_code": case.tracking_code, "check_code": check_code}
        ).content.decode()
        assert "预测" not in tracked
