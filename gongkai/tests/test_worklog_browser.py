"""The 政务公开工作台账 in a real browser (Debian's Chromium): a 信息员 logs in, finds the register
in the navigation, records a training with its slides, a 公开专区, the new website's launch and
the 微信公众号, enters two months of the account's figures and reads the year's totals. Every
page passes axe-core (WCAG 2.1 AA). GONGKAI_SCREENSHOTS=DIR keeps a screenshot of each step."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from gongkai.applications.tests import factories
from gongkai.core.tests.files import pdf
from gongkai.orgs.models import Role
from gongkai.tests.test_accessibility import (  # noqa: F401 (browser: the fixture)
    BROWSER_MARKS,
    _audit,
    browser,
)
from gongkai.tests.test_calendar_browser import _shot
from gongkai.worklog.models import Account, Activity, ActivityFile, Venue, WebsiteEvent

pytestmark = BROWSER_MARKS
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "worklog-pass-1"


def _step(page: Any, where: str) -> None:
    _audit(page, where)
    _shot(page, "worklog-" + where)


def test_an_editor_keeps_the_work_register(
    live_server: Any,
    browser: Any,  # noqa: F811
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    slides = tmp_path / "培训课件.pdf"
    slides.write_bytes(pdf("Training slides", pages=2))
    with time_machine.travel(NOW, tick=True):
        agency = factories.agency("某县人民政府办公室")
        editor = factories.staff(agency, Role.EDITOR, username="xinxiyuan")
        editor.set_password(PASSWORD)
        editor.save()
        page = browser.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "xinxiyuan")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/office/")
        page.click("nav.staff-nav a:has-text('政务公开工作台账')")
        page.wait_for_selector("h1:has-text('政务公开工作台账')")
        _step(page, "1-hub")

        # A training, and its slides.
        page.click("a:has-text('培训、会议和调研')")
        page.click("a:has-text('登记培训、会议或调研')")
        page.select_option("#id_kind", label="培训")
        page.fill("#id_held_on", "2026-03-05")
        page.fill("#id_topic", "2026年政务公开业务培训")
        page.fill("#id_place", "县政府二楼会议室")
        page.fill("#id_participants", "48")
        page.fill("#id_findings", "讲解条例第二十条、年度报告格式和政务新媒体管理")
        _step(page, "2-activity-new")
        page.click("button:has-text('登记')")
        page.wait_for_selector("h1:has-text('2026年 培训、会议和调研')")
        assert "2026年政务公开业务培训" in page.inner_text("main")
        _step(page, "3-activities")
        page.click("a:has-text('2026年政务公开业务培训')")
        page.fill("#id_title", "培训课件")
        page.set_input_files("#id_file", str(slides))
        page.click("button:has-text('上传材料')")
        page.wait_for_selector("text=已上传材料")
        assert page.locator("a:has-text('培训课件')").count() == 1
        _step(page, "4-activity-material")

        # A 公开专区.
        page.click("nav.breadcrumbs a:has-text('政务公开工作台账')")
        page.click("a:has-text('公开专区、示范点和线下设施')")
        page.click("a:has-text('登记专区、示范点或设施')")
        page.select_option("#id_kind", label="政务公开专区")
        page.fill("#id_name", "县政务服务中心政务公开专区")
        page.select_option("#id_level", label="县区")
        page.fill("#id_address", "县政务服务中心一楼")
        page.fill("#id_opened_on", "2021-06-01")
        page.click("button:has-text('登记')")
        page.wait_for_selector("h2:has-text('政务公开专区')")
        assert "县政务服务中心政务公开专区" in page.inner_text("main")
        _step(page, "5-venues")

        # The new website.
        page.click("nav.breadcrumbs a:has-text('政务公开工作台账')")
        page.click("a:has-text('网站建设事项')")
        page.click("a:has-text('登记网站建设事项')")
        page.select_option("#id_kind", label="新版网站上线")
        page.fill("#id_happened_on", "2025-09-30")
        page.fill("#id_description", "新版县政府门户网站上线，完成适老化和无障碍改造")
        page.click("button:has-text('登记')")
        page.wait_for_selector("h1:has-text('网站建设事项')")
        assert "新版网站上线" in page.inner_text("main")
        _step(page, "6-website")

        # The 微信公众号 and two months of its figures.
        page.click("nav.breadcrumbs a:has-text('政务公开工作台账')")
        page.click("h2 a:has-text('政务新媒体')")
        page.click("a:has-text('登记账号')")
        page.select_option("#id_platform", label="微信公众号")
        page.fill("#id_name", "某县发布")
        page.fill("#id_sponsor", "某县人民政府办公室")
        page.fill("#id_opened_on", "2016-03-01")
        page.fill("#id_filed_on", "2019-05-10")
        page.fill("#id_last_posted_on", "2026-03-09")
        _step(page, "7-account-new")
        page.click("button:has-text('登记')")
        page.wait_for_selector("h1:has-text('政务新媒体')")
        page.click("a:has-text('填写2026年数据')")
        page.wait_for_selector("h1:has-text('2026年数据')")
        page.fill("#id_m1_issues", "22")
        page.fill("#id_m1_posts", "96")
        page.fill("#id_m1_followers", "35120")
        page.fill("#id_m1_source", "公众号后台")
        page.fill("#id_m2_issues", "18")
        page.fill("#id_m2_posts", "71")
        page.fill("#id_m2_followers", "35480")
        page.fill("#id_m2_source", "公众号后台")
        _step(page, "8-figures-form")
        page.click("button:has-text('保存2026年数据')")
        page.wait_for_selector("text=已保存2026年的数据")
        totals = page.inner_text("table.totals")
        assert "40" in totals and "167" in totals and "35480" in totals and "2个月" in totals
        _step(page, "9-figures-saved")
        page.click("nav.breadcrumbs a:has-text('政务新媒体')")
        row = page.inner_text("table.list tbody tr")
        assert "某县发布" in row and "167" in row and "已登记2个月" in row
        _step(page, "10-accounts")

    activity = Activity.objects.get()
    assert (activity.held_on, activity.participants) == (date(2026, 3, 5), 48)
    assert ActivityFile.objects.get().title == "培训课件"
    assert Venue.objects.get().level == "county"
    assert WebsiteEvent.objects.get().kind == "relaunch"
    account = Account.objects.get()
    assert sorted(account.figures.values_list("month", "posts")) == [(1, 96), (2, 71)]
