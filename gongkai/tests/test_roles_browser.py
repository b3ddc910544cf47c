"""Each post's day in a real browser (Debian's Chromium): log in, land on the post's home, do
the post's core task by clicking. The 信息员 writes an item and submits it to 保密审查; the 审核员
approves it from the review queue; the 承办人 registers a letter and asks for 补正, and proposes
an extension; the 公开办负责人 consents to it from the dashboard and finalises last year's
report. Every page passes axe-core (WCAG 2.1 AA). GONGKAI_SCREENSHOTS=DIR keeps a screenshot
of each step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.annual.models import AnnualReport
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.orgs.models import Role
from gongkai.publishing.models import Publication
from gongkai.tests.test_accessibility import (  # noqa: F401 (browser: the fixture)
    BROWSER_MARKS,
    _audit,
    browser,
)
from gongkai.tests.test_calendar_browser import _shot

pytestmark = BROWSER_MARKS
# A Tuesday morning in March: the working days and the report's year do not depend on the day
# the suite runs.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "role-pass-1"


def _person(agency: Any, role: str, username: str) -> Any:
    user = factories.staff(agency, role, username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(chromium: Any, url: str, username: str) -> Any:
    page = chromium.new_page()
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/office/")
    return page


def _nav(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("nav.staff-nav a").all_inner_texts()]


def test_the_editor_writes_and_submits_and_the_reviewer_approves(
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    with time_machine.travel(NOW, tick=True):
        agency = factories.agency("某县交通运输局")
        _person(agency, Role.EDITOR, "xinxiyuan")
        _person(agency, Role.REVIEWER, "shenheyuan")

        editor = _login(browser, live_server.url, "xinxiyuan")
        assert editor.locator("h1").inner_text() == "我的稿件"
        assert _nav(editor) == [
            "首页",
            "主动公开",
            "年度报告",
            "政务公开工作台账",
            "网站自查",
            "修改密码",
        ]
        _audit(editor, "editor's home")
        _shot(editor, "editor-1-home")
        editor.click("a:has-text('新建信息')")
        editor.wait_for_selector("h1:has-text('新建信息')")
        editor.select_option("#id_column", label="工作动态")
        editor.fill("#id_title", "县交通运输局开展春运安全检查")
        editor.fill("#id_body", "<p>3月9日，县交通运输局对客运站开展春运安全检查。</p>")
        _audit(editor, "new item form")
        editor.click("button:has-text('保存草稿')")
        editor.wait_for_selector("h1:has-text('县交通运输局开展春运安全检查')")
        editor.click("button:has-text('提交保密审查')")
        editor.wait_for_selector("text=已提交保密审查")
        _audit(editor, "item submitted")
        _shot(editor, "editor-2-submitted")
        item = Publication.objects.get()
        assert item.status == "submitted"

        reviewer = _login(browser, live_server.url, "shenheyuan")
        assert reviewer.locator("h1").inner_text() == "待保密审查"
        assert "县交通运输局开展春运安全检查" in reviewer.inner_text("main")
        _audit(reviewer, "reviewer's queue")
        _shot(reviewer, "reviewer-1-queue")
        reviewer.click("a:has-text('县交通运输局开展春运安全检查')")
        reviewer.fill("#note-approve", "不涉及国家秘密和工作秘密，同意公开")
        reviewer.click("button:has-text('审查通过')")
        reviewer.wait_for_selector("text=已审查通过")
        _audit(reviewer, "item approved")
        _shot(reviewer, "reviewer-2-approved")
        item.refresh_from_db()
        assert item.status == "approved" and item.reviews.get().reviewer.username == "shenheyuan"


def test_the_handler_registers_a_letter_asks_for_correction_and_proposes_an_extension(
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    with time_machine.travel(NOW, tick=True):
        agency = factories.agency("某县自然资源局")
        _person(agency, Role.HANDLER, "chengbanren")

        page = _login(browser, live_server.url, "chengbanren")
        assert page.locator("h1").inner_text() == "依申请公开工作台"
        assert "依申请公开" in _nav(page) and "主动公开" not in _nav(page)
        _shot(page, "handler-1-workbench")
        page.click("a:has-text('登记申请')")
        page.wait_for_selector("h1:has-text('登记政府信息公开申请')")
        page.select_option("#id_case-channel", "letter_signed")
        page.fill("#id_case-received_on", "2026-03-09")
        page.fill("#id_case-description", "某村2025年土地征收补偿安置方案")
        page.select_option("#id_applicant-kind", "natural_person")
        page.fill("#id_applicant-name", "李四")
        page.select_option("#id_applicant-id_type", "resident_id")
        page.fill("#id_applicant-id_number", "11010519491231002X")
        page.fill("#id_applicant-phone", "13900000000")
        page.fill("#id_applicant-address", "某县某镇某村1号")
        _audit(page, "register a letter")
        page.click("button:has-text('登记')")
        page.wait_for_selector("text=补正")
        case = Application.objects.get()
        assert case.channel == "letter_signed" and case.received_on == date(2026, 3, 9)
        _shot(page, "handler-2-case")

        page.fill("#id_request_correction-what", "请写明所需土地征收方案的文号或批次")
        page.fill("#id_request_correction-reply_by", "2026-03-25")
        page.click("form:has(#id_request_correction-what) button[type=submit]")
        page.wait_for_selector("text=已告知补正")
        case.refresh_from_db()
        assert case.status == "correction"
        _audit(page, "correction requested")
        _shot(page, "handler-3-correction")

        page.click("form:has(#id_receive_correction-on) button[type=submit]")
        page.wait_for_selector("text=已收到补正材料")
        page.fill("#id_propose_extension-days", "15")
        page.fill("#id_propose_extension-reason", "涉及三个乡镇的征收档案，需调取核对")
        page.click("form:has(#id_propose_extension-days) button[type=submit]")
        page.wait_for_selector("text=待公开办负责人同意")
        _audit(page, "extension proposed")
        _shot(page, "handler-4-proposed")
        case.refresh_from_db()
        assert case.events.filter(action="propose_extension").exists()


def test_the_head_consents_to_an_extension_and_finalises_the_report(
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    from gongkai.applications import services

    with time_machine.travel(NOW, tick=True):
        agency = factories.agency("某县卫生健康委员会")
        handler = _person(agency, Role.HANDLER, "chengban2")
        _person(agency, Role.HEAD, "fuzeren")
        case = factories.case(agency, date(2026, 3, 2), on=date(2026, 3, 2))
        due = case.due_date
        services.propose_extension(
            case, handler, on=date(2026, 3, 9), days=10, reason="需征求第三方意见"
        )

        page = _login(browser, live_server.url, "fuzeren")
        assert page.locator("h1").inner_text() == "工作首页"
        main = page.inner_text("main")
        assert "待同意的延期（1）" in main and "需征求第三方意见" in main
        assert "依申请公开" in _nav(page) and "节假日安排" in _nav(page)
        _audit(page, "head's dashboard")
        _shot(page, "head-1-dashboard")
        page.click(f"a:has-text('{case.tracking_code}')")
        page.wait_for_selector("text=待公开办负责人同意")
        assert page.input_value("#id_extend-days") == "10"  # the proposal, ready to consent to
        page.click("form:has(#id_extend-days) button[type=submit]")
        page.wait_for_selector("text=已同意延期答复")
        case.refresh_from_db()
        assert due is not None and case.due_date is not None and case.due_date > due
        _audit(page, "extension consented")
        _shot(page, "head-2-extended")

        page.click("nav.staff-nav a:has-text('年度报告')")
        page.wait_for_selector("h1:has-text('政府信息公开工作年度报告')")
        page.click("button:has-text('编写（或打开）年度报告')")
        _shot(page, "head-3-report")
        page.wait_for_selector("button:has-text('定稿')")
        finalise = page.locator("button:has-text('定稿')")
        assert finalise.is_disabled()  # a fresh draft: check first, and the page says so
        assert "请先点“核对”" in page.inner_text("main")
        _audit(page, "report draft")
        page.click("button:has-text('核对')")
        page.wait_for_selector("text=已核对")
        report = AnnualReport.objects.get()
        if page.locator("button:has-text('定稿')").is_disabled():
            pytest.fail("finalising blocked: " + page.inner_text("#finalise-why"))
        page.click("button:has-text('定稿')")
        page.wait_for_selector("text=已定稿")
        report.refresh_from_db()
        assert report.status == "finalised" and report.cells
        _audit(page, "report finalised")
        _shot(page, "head-3-finalised")
