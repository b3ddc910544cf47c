"""The calendar pages: where each year comes from, loading a State Council notice by pasting it
(difference first, then saved as a version), who may, and the cases that follow it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.tests import factories
from gongkai.calendar import services as calendar_services
from gongkai.calendar.models import CalendarEvent, NoticeVersion
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE_2026 = (Path(__file__).parents[2] / "calendar/tests/notices/2026.txt").read_text("utf-8")
# A made-up notice for 2036, a year no package will hold for a long time: 元旦 is a Tuesday,
# and this notice takes 2 January off too (the prediction does not).
NOTICE_2036 = """国务院办公厅关于2036年部分节假日安排的通知
一、元旦：1月1日（周二）至2日（周三）放假调休，共2天。1月5日（周六）上班。
二、春节：1月27日（农历除夕、周日）至2月3日（周日）放假调休，共8天。"""


@pytest.fixture
def world() -> dict[str, Any]:
    government = factories.agency("某县人民政府")
    department = factories.agency("某县财政局", parent=government)
    other = factories.agency("另一县人民政府")
    return {
        "department": department,
        "other": other,
        "root_head": factories.staff(government, Role.HEAD),
        "head": factories.staff(department, Role.HEAD),
        "other_head": factories.staff(other, Role.HEAD),
        "handler": factories.staff(department, Role.HANDLER),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_notice_pasted_as_published_is_previewed_then_loaded(world: dict[str, Any]) -> None:
    client = _client(world["root_head"])
    page = client.get(reverse("office:calendar")).content.decode()
    assert "载入国务院办公厅通知" in page and "通知全文" in page
    preview = client.post(reverse("office:calendar"), {"year": 2026, "text": NOTICE_2026})
    shown = preview.content.decode()
    assert preview.status_code == 200 and "确认载入" in shown
    assert "国办发明电〔2025〕7号" in shown  # the title and number read from the paste
    assert "没有哪一天的工作日安排改变" in shown  # the package already holds the notice
    assert "在通知中仍是工作日" not in shown
    assert not NoticeVersion.objects.exists()  # nothing saved by a preview

    confirmed = client.post(
        reverse("office:calendar"),
        {"year": 2026, "text": NOTICE_2026, "confirm": "1", "base_version": 0},
        follow=True,
    )
    assert "已载入2026年节假日安排（第1版）" in confirmed.content.decode()
    version = NoticeVersion.objects.get()
    assert version.notice.endswith("（国办发明电〔2025〕7号）")
    assert version.loaded_by == world["root_head"]
    assert calendar_services.current().sources[2026] == "notice"


def test_the_difference_from_the_prediction_is_shown_before_saving(world: dict[str, Any]) -> None:
    client = _client(world["root_head"])
    shown = client.post(
        reverse("office:calendar"), {"year": 2036, "text": NOTICE_2036}
    ).content.decode()
    assert "现行安排：预测" in shown
    assert "2036-01-02" in shown and "2036-01-05" in shown  # off instead of worked; worked
    assert "第1版" in shown
    # This notice stops after 春节: the statutory days it leaves as working days are named.
    assert "在通知中仍是工作日" in shown and "（清明节）" in shown and "（国庆节）" in shown


def test_bad_pastes_say_why_and_save_nothing(world: dict[str, Any]) -> None:
    client = _client(world["root_head"])
    for data, message in (
        ({"year": 2027, "text": "明年元旦放三天"}, "没有找到"),
        ({"year": 2027, "text": NOTICE_2026}, "粘贴的是2026年的通知"),
        ({"year": 2027}, "请粘贴通知全文"),
        ({"year": 1999, "text": NOTICE_2026}, "2004至2100"),
        ({"year": 2027, "holidays": "元旦放三天", "notice": "通知"}, "无法识别"),
        (
            {
                "year": 2027,
                "holidays": "2027-01-01 元旦",
                "makeup": "2027-01-04 调休",
                "notice": "x",
            },
            "不需要调休上班",
        ),
        ({"year": 2027, "text": "x" * 30_000}, "20000"),
    ):
        response = client.post(reverse("office:calendar"), data)
        assert response.status_code in (200, 422)
        assert message in response.content.decode(), message
    assert not NoticeVersion.objects.exists()


def test_only_an_administrator_or_the_root_head_may_load(world: dict[str, Any]) -> None:
    for who in ("head", "other_head"):
        client = _client(world[who])
        page = client.get(reverse("office:calendar")).content.decode()
        allowed = who == "other_head"  # another root government's head (no parent)
        assert ("载入国务院办公厅通知" in page) == allowed
        if not allowed:
            assert "只有系统管理员或本级人民政府" in page
            refused = client.post(
                reverse("office:calendar"),
                {"year": 2026, "text": NOTICE_2026, "confirm": "1", "base_version": 0},
            )
            assert refused.status_code == 403
    assert _client(world["handler"]).get(reverse("office:calendar")).status_code == 403
    assert Client().get(reverse("office:calendar")).status_code == 302
    assert not NoticeVersion.objects.exists()


def test_a_stale_preview_is_refused(world: dict[str, Any]) -> None:
    client = _client(world["root_head"])
    form = {"year": 2036, "text": NOTICE_2036, "confirm": "1", "base_version": 0}
    assert client.post(reverse("office:calendar"), form).status_code == 302
    again = client.post(reverse("office:calendar"), form)
    assert again.status_code == 422 and "已被他人更新" in again.content.decode()
    assert NoticeVersion.objects.count() == 1


def test_loading_a_notice_moves_the_open_cases_and_the_head_sees_them(
    world: dict[str, Any],
) -> None:
    received = date(2035, 12, 4)  # 20 working days end in January 2036, a predicted year
    with time_machine.travel(datetime(2035, 12, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        case = factories.case(world["department"], received)
        other = factories.case(world["other"], received)
        assert case.due_predicted and case.due_date == date(2036, 1, 2)
        closed_before = Application.objects.get(pk=case.pk).version
        client = _client(world["root_head"])
        response = client.post(
            reverse("office:calendar"),
            {"year": 2036, "text": NOTICE_2036, "confirm": "1", "base_version": 0},
            follow=True,
        )
        assert "2件未办结案件的答复期限随之调整" in response.content.decode()
        case.refresh_from_db()
        assert case.due_date == date(2036, 1, 3)
        assert case.due_predicted  # its first days are in December 2035, still predicted
        assert case.version == closed_before + 1
        event = CaseEvent.objects.get(application=case, action=CaseEvent.RECALCULATED)
        assert event.before["due_date"] == "2036-01-02" and event.after["due_date"] == "2036-01-03"
        assert event.actor == world["root_head"]
        assert "答复期限由2036年1月2日调整为2036年1月3日" in event.note
        assert CalendarEvent.objects.get().changes  # the audit row holds the difference

        # The department's head sees the case on the year's page, and not the other county's.
        year_page = _client(world["head"]).get(reverse("office:calendar_year", args=[2036]))
        text = year_page.content.decode()
        assert case.tracking_code in text and other.tracking_code not in text
        assert "第1版" in text and "国务院办公厅通知（已载入）" in text
        # … and on the workbench; and the case's timeline says why the date moved.
        workbench = _client(world["head"]).get(reverse("office:workbench")).content.decode()
        assert "重新计算" in workbench and case.tracking_code in workbench
        timeline = _client(world["handler"]).get(reverse("office:case", args=[case.pk]))
        assert "节假日安排变更，重新计算期限" in timeline.content.decode()


def test_the_head_is_warned_from_october_while_next_year_is_predicted(
    world: dict[str, Any],
) -> None:
    with time_machine.travel(datetime(2035, 3, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        page = _client(world["head"]).get(reverse("office:workbench")).content.decode()
        assert "2035年的节假日安排尚未公布或尚未载入" in page  # forgotten: said all year
        calendar_services.load_year(
            2035, "通知", [(date(2035, 1, 1), "元旦")], [], actor=world["root_head"]
        )
    with time_machine.travel(datetime(2035, 9, 30, 10, 0, tzinfo=SHANGHAI), tick=False):
        page = _client(world["head"]).get(reverse("office:workbench")).content.decode()
        assert "节假日安排尚未公布" not in page
    with time_machine.travel(datetime(2035, 10, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        page = _client(world["head"]).get(reverse("office:workbench")).content.decode()
        assert "2036年的节假日安排尚未公布或尚未载入" in page
        handler_page = _client(world["handler"]).get(reverse("office:workbench")).content.decode()
        assert "节假日安排尚未公布" not in handler_page


def test_the_year_page_lists_the_arrangement_and_its_source(world: dict[str, Any]) -> None:
    client = _client(world["head"])
    page = client.get(reverse("office:calendar_year", args=[2040])).content.decode()
    assert "预测" in page and "春节" in page and "调休上班" in page
    assert client.get(reverse("office:calendar_year", args=[2101])).status_code == 404
    package = client.get(reverse("office:calendar_year", args=[2025])).content.decode()
    assert "chinese-calendar" in package and "尚未载入2025年的通知" in package
