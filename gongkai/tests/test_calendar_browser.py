"""The calendar as its users meet it in a real browser: the root government's head pastes a
State Council notice, sees the difference, confirms, and finds the moved case; an applicant
applying in December sees that the reply date is a prediction. Every page passes axe-core.
Set GONGKAI_SCREENSHOTS=DIR to keep a screenshot of each page."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.orgs.models import Role
from gongkai.tests.test_accessibility import (  # noqa: F401 (browser: the fixture)
    BROWSER_MARKS,
    _audit,
    browser,
)

pytestmark = BROWSER_MARKS
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOTICE_2036 = """国务院办公厅关于2036年部分节假日安排的通知
国办发明电〔2035〕9号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2036年元旦、春节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周二）至2日（周三）放假调休，共2天。1月5日（周六）上班。
二、春节：1月27日（农历除夕、周日）至2月3日（周日）放假调休，共8天。"""


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("GONGKAI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _login(page: Any, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "calendar-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/office/")


def test_the_head_loads_a_notice_and_an_applicant_sees_a_prediction(
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    if browser is None:
        pytest.skip("no browser")
    with time_machine.travel(datetime(2035, 12, 6, 10, 0, tzinfo=SHANGHAI), tick=True):
        government = factories.agency("某县人民政府", code="XZ")
        head = factories.staff(government, Role.HEAD, username="xianzhang")
        head.set_password("calendar-pass-1")
        head.save()

        # The applicant applies online on 6 December 2035.
        page = browser.new_page()
        page.goto(live_server.url + "/apply/")
        page.select_option("#id_case-agency", str(government.pk))
        page.fill("#id_case-description", "2035年本县财政预算执行情况")
        page.select_option("#id_applicant-kind", "natural_person")
        page.fill("#id_applicant-name", "王五")
        page.select_option("#id_applicant-id_type", "passport")
        page.fill("#id_applicant-id_number", "E12345678")
        page.fill("#id_applicant-phone", "13800000000")
        page.check("#id_case-confirm")
        page.click("button[type=submit]")
        page.wait_for_selector("h1:has-text('申请已提交')")
        acknowledgement = page.inner_text("main")
        assert (
            "预测" in acknowledgement
            and "国务院办公厅公布该年节假日安排后将据此确认" in acknowledgement
        )
        _audit(page, "acknowledgement with a predicted date")
        _shot(page, "1-acknowledgement")
        case = Application.objects.get()
        assert case.due_date == date(2036, 1, 4) and case.due_predicted

        # The head pastes the notice, sees what changes, confirms.
        office = browser.new_page()
        _login(office, live_server.url, "xianzhang")
        assert "2036年的节假日安排尚未公布或尚未载入" in office.inner_text("main")
        _shot(office, "2-workbench-warning")
        office.goto(live_server.url + "/office/calendar/")
        _audit(office, "/office/calendar/")
        _shot(office, "3-calendar")
        office.fill("#id_year", "2036")
        office.fill("#id_text", NOTICE_2036)
        office.click("button:has-text('下一步：核对差异')")
        office.wait_for_selector("h1:has-text('核对2036年节假日安排')")
        preview = office.inner_text("main")
        assert "现行安排：预测" in preview and "2036-01-02" in preview
        _audit(office, "preview")
        _shot(office, "4-preview")
        office.click("button:has-text('确认载入')")
        office.wait_for_selector("h1:has-text('2036年节假日安排')")
        year_page = office.inner_text("main")
        assert "已载入2036年节假日安排（第1版）" in year_page and case.tracking_code in year_page
        _audit(office, "/office/calendar/2036/")
        _shot(office, "5-year")
        case.refresh_from_db()
        # 2 January off and Saturday 5 January worked (December 2035 is still the prediction).
        assert case.due_date == date(2036, 1, 5)
        office.goto(live_server.url + f"/office/cases/{case.pk}/?explain=1")
        timeline = office.inner_text("main")
        assert (
            "节假日安排变更，重新计算期限" in timeline
            and "答复期限由2036年1月4日调整为2036年1月5日" in timeline
        )
        _audit(office, "case after the notice")
        _shot(office, "6-case")
