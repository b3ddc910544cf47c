"""The back office through its pages: who sees what, each action's form, documents, statistics."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from gongkai.applications import documents, services
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.applications.workflow import Action
from gongkai.orgs.models import Role

# The pages count deadlines and months from today: a Tuesday morning, so no test depends on the
# day or the hour it runs.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]


@pytest.fixture
def world() -> dict[str, Any]:
    government = factories.agency("某县人民政府")
    a = factories.agency("某县财政局", parent=government)
    b = factories.agency("某县教育局", parent=government)
    today = timezone.localdate()
    return {
        "government": government,
        "a": a,
        "b": b,
        "handler_a": factories.staff(a, Role.HANDLER),
        "handler_b": factories.staff(b, Role.HANDLER),
        "head": factories.staff(government, Role.HEAD),
        "editor_a": factories.staff(a, Role.EDITOR),
        "case_a": factories.case(a, today - timedelta(days=3), on=today),
        "case_b": factories.case(b, today - timedelta(days=3), on=today),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _case_urls(case: Application) -> list[tuple[str, str]]:
    """Every office URL that takes a case, with the method it answers (enumerated from urls)."""
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "app_name", None) != "office":
            continue
        for sub in pattern.url_patterns:
            assert isinstance(sub, URLPattern)
            if "pk" not in sub.pattern.converters or not str(sub.name).startswith("case"):
                continue
            kwargs: dict[str, Any] = {"pk": case.pk}
            if "action" in sub.pattern.converters:
                urls += [
                    (reverse(f"office:{sub.name}", kwargs={**kwargs, "action": a.value}), "post")
                    for a in Action
                ]
            elif "kind" in sub.pattern.converters:
                urls += [
                    (reverse(f"office:{sub.name}", kwargs={**kwargs, "kind": k.key}), "get")
                    for k in documents.KINDS
                ]
            elif "event" in sub.pattern.converters:  # a file of an online correction
                kwargs |= {"event": 1, "number": 1}
                urls.append((reverse(f"office:{sub.name}", kwargs=kwargs), "get"))
            elif sub.name in ("case_assign", "register_confirm"):
                urls.append((reverse(f"office:{sub.name}", kwargs=kwargs), "post"))
            else:
                urls.append((reverse(f"office:{sub.name}", kwargs=kwargs), "get"))
    return urls


def test_staff_of_another_agency_get_404_on_every_case_url(world: dict[str, Any]) -> None:
    urls = _case_urls(world["case_a"])
    assert len(urls) > 20
    outsider = _client(world["handler_b"])
    for url, method in urls:
        if "register" in url:
            continue
        response = getattr(outsider, method)(
            url, {"version": 1, f"{url.rstrip('/').split('/')[-1]}-on": "2025-01-01"}
        )
        assert response.status_code == 404, url
    insider = _client(world["handler_a"])
    assert insider.get(reverse("office:case", args=[world["case_a"].pk])).status_code == 200
    head = _client(world["head"])  # the government's head sees its departments' cases
    assert head.get(reverse("office:case", args=[world["case_b"].pk])).status_code == 200


def test_workbench_lists_only_own_agency(world: dict[str, Any]) -> None:
    page = _client(world["handler_a"]).get(reverse("office:workbench")).content.decode()
    assert world["case_a"].tracking_code in page and world["case_b"].tracking_code not in page
    head_page = _client(world["head"]).get(reverse("office:workbench")).content.decode()
    assert world["case_a"].tracking_code in head_page and world["case_b"].tracking_code in head_page


def test_pages_need_login_and_a_case_role(world: dict[str, Any]) -> None:
    anonymous = Client()
    response = anonymous.get(reverse("office:workbench"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert _client(world["editor_a"]).get(reverse("office:workbench")).status_code == 403
    assert _client(world["handler_a"]).get(reverse("office:calendar")).status_code == 403


def test_applicant_data_never_reaches_public_pages(world: dict[str, Any]) -> None:
    case = world["case_a"]
    for url in ("/", "/apply/", "/track/", "/reports/check/"):
        page = Client().get(url).content.decode()
        assert case.applicant.name not in page and case.applicant.id_number not in page


def test_action_with_bad_input_shows_a_chinese_error(world: dict[str, Any]) -> None:
    case, client = world["case_a"], _client(world["handler_a"])
    url = reverse("office:case_act", args=[case.pk, "decide"])
    response = client.post(
        url,
        {"decide-on": "2020-01-01", "decide-outcome": "granted", "decide-version": case.version},
    )
    assert response.status_code == 422
    assert "日期不能早于收到申请之日" in response.content.decode()
    response = client.post(
        url, {"decide-on": "not a date", "decide-outcome": "nope", "decide-version": case.version}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "请输入有效日期" in page and "选择一个有效的选项" in page
    case.refresh_from_db()
    assert case.status == "registered" and case.events.count() == 1


def test_second_extension_and_stale_version_are_form_errors(world: dict[str, Any]) -> None:
    case, head = world["case_a"], _client(world["head"])
    url = reverse("office:case_act", args=[case.pk, "extend"])
    today = timezone.localdate().isoformat()
    ok = head.post(
        url,
        {
            "extend-on": today,
            "extend-days": 10,
            "extend-reason": "复杂",
            "extend-version": case.version,
        },
    )
    assert ok.status_code == 302
    case.refresh_from_db()
    again = head.post(
        url,
        {
            "extend-on": today,
            "extend-days": 5,
            "extend-reason": "再延",
            "extend-version": case.version,
        },
    )
    assert again.status_code == 422 and "只能延长一次" in again.content.decode()
    stale = head.post(
        url, {"extend-on": today, "extend-days": 5, "extend-reason": "x", "extend-version": 1}
    )
    assert "已被他人修改" in stale.content.decode()
    too_long = head.post(
        url,
        {
            "extend-on": today,
            "extend-days": 25,
            "extend-reason": "x",
            "extend-version": case.version,
        },
    )
    assert "最长不得超过20个工作日" in too_long.content.decode()


def test_register_a_letter_and_walk_the_case(world: dict[str, Any]) -> None:
    client = _client(world["handler_a"])
    today = timezone.localdate()
    data = {
        "case-agency": world["a"].pk,
        "case-channel": "letter_ordinary",
        "case-received_on": today.isoformat(),
        "case-receipt_note": "电话确认",
        "case-description": "申请公开2024年决算",
        "case-oral": "on",
        "applicant-kind": "natural_person",
        "applicant-name": "王五",
        "applicant-id_type": "resident_id",
        "applicant-id_number": "110105194912310021",
        "applicant-phone": "13900000000",
    }
    bad = client.post(reverse("office:case_new"), data)
    assert bad.status_code == 422 and "校验位不正确" in bad.content.decode()
    assert not Application.objects.filter(description="申请公开2024年决算").exists()
    future = client.post(
        reverse("office:case_new"),
        {
            **data,
            "applicant-id_number": "11010519491231002X",
            "case-received_on": (today + timedelta(days=1)).isoformat(),
        },
    )
    assert "不能晚于今天" in future.content.decode()
    created = client.post(
        reverse("office:case_new"),
        {**data, "applicant-id_number": "11010519491231002X"},
        follow=True,
    )
    page = created.content.decode()
    assert "已登记，跟踪码" in page and "查询码" in page and "王五" in page
    case = Application.objects.get(description="申请公开2024年决算")
    assert case.oral and case.channel == "letter_ordinary"
    assert "以与申请人电话确认之日为收到申请之日" in page
    explained = client.get(reverse("office:case", args=[case.pk]) + "?explain=1").content.decode()
    assert "逐日计算" in explained and "第几个工作日" in explained
    document = client.get(reverse("office:case_document", args=[case.pk, "acknowledgement"]))
    assert document.status_code == 200 and document.content[:2] == b"PK"
    assert client.get(reverse("office:case_document", args=[case.pk, "reply"])).status_code == 404


def test_workbench_marks_and_bounded_queries(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    calendar_today = today
    overdue = factories.case(world["a"], today - timedelta(days=60), on=today)
    client = _client(world["handler_a"])
    page = client.get(reverse("office:workbench")).content.decode()
    assert re.search(rf"{overdue.tracking_code}.*?逾期", page, re.S)
    for _ in range(30):
        factories.case(world["a"], calendar_today - timedelta(days=5), on=today)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("office:workbench"))
    for _ in range(60):
        factories.case(world["a"], calendar_today - timedelta(days=5), on=today)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("office:workbench"))
    assert len(many.captured_queries) == len(few.captured_queries) <= 15


def test_statistics_page(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    case = world["case_a"]
    services.decide(case, world["handler_a"], on=today, outcome="withheld.third_party")
    page = _client(world["handler_a"]).get(
        reverse("office:statistics"), {"year": today.year, "month": today.month}
    )
    text = page.content.decode()
    assert "本月办结：<strong>1</strong>" in text and "不予公开：保护第三方合法权益" in text
    assert (
        "年份或月份无效"
        in _client(world["handler_a"])
        .get(reverse("office:statistics"), {"year": "x"}, follow=True)
        .content.decode()
    )


def test_templates_are_editable_by_a_head(world: dict[str, Any]) -> None:
    client = _client(world["head"])
    url = reverse("office:template_edit", args=[world["a"].pk, "reply"])
    assert "政府信息公开申请答复书" in client.get(url).content.decode()
    assert client.post(url, {"title": "答复书", "body": "{申请人}：{答复要点}"}).status_code == 302
    assert world["a"].notice_templates.get(kind="reply").body == "{申请人}：{答复要点}"
    assert _client(world["handler_a"]).get(url).status_code == 403
    assert (
        client.get(reverse("office:template_edit", args=[world["a"].pk, "nonsense"])).status_code
        == 404
    )
