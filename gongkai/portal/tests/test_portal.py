"""The public side: applying online, the one-time acknowledgement, and following a case."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.applications.tests import factories

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
    check_code = page.split("查询码</dt><dd><strong>")[1][:6]
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
        (
            {"applicant-kind": "natural_person", "applicant-id_type": "credit_code"},
            "自然人申请人请填写个人身份证件",
        ),
        ({"applicant-email": "not-an-email"}, "输入一个有效的 Email 地址"),
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
