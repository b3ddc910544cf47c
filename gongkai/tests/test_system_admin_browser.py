"""系统管理 as the system administrator meets it in a real browser (issue 16): they sign in and
land on 系统管理, create a user with a post, reset a colleague's password and read the one-time
password off the page; the colleague signs in with it and is made to change it first. Every page
passes axe-core (WCAG 2.1 AA). Set GONGKAI_SCREENSHOTS=DIR to keep a screenshot of each page."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gongkai.accounts.models import User
from gongkai.applications.tests import factories
from gongkai.orgs.models import Membership, OrgEvent, Role
from gongkai.tests.test_accessibility import (  # noqa: F401 (browser: the fixture)
    BROWSER_MARKS,
    _audit,
    browser,
)
from gongkai.tests.test_calendar_browser import _shot

pytestmark = [
    *BROWSER_MARKS,
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]
ADMIN_PASSWORD = "system-pass-1"
NEW_PASSWORD = "qing-shui-he-pan-42"


def _login(page: Any, url: str, username: str, password: str) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('登录')")
    page.wait_for_load_state()


def _one_time_password(page: Any) -> str:
    password = str(page.inner_text("#one-time-password")).strip()
    assert len(password) == 14 and password.count("-") == 2, password
    return password


def test_the_system_administrator_creates_a_user_and_resets_a_password(
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    government = factories.agency("某县人民政府", kind="government", code="XZ")
    bureau = factories.agency("某县财政局", parent=government, code="CZ")
    admin = factories.staff(government, Role.ADMIN, username="xitong")
    admin.display_name = "孙管理员"
    admin.set_password(ADMIN_PASSWORD)
    admin.save()
    editor = factories.staff(bureau, Role.EDITOR, username="xinxiyuan")
    editor.display_name = "赵信息员"
    editor.save()

    # Signed in, the administrator lands on 系统管理: the agencies as a tree.
    page = browser.new_page()
    _login(page, live_server.url, "xitong", ADMIN_PASSWORD)
    page.wait_for_selector("h1:has-text('系统管理')")
    assert "某县财政局" in page.inner_text("main")
    _audit(page, "/office/system/")
    _shot(page, "system-1-home")

    # A new user with a post in the bureau: the one-time password is shown once.
    page.click("main a:has-text('新建用户')")
    page.wait_for_selector("h1:has-text('新建用户')")
    _audit(page, "/office/system/users/new/")
    page.click("button:has-text('新建用户')")  # nothing filled in: the reasons, in Chinese
    page.wait_for_selector("[role=alert]")
    assert "请填写登录名" in page.inner_text("main")
    _audit(page, "/office/system/users/new/ with errors")
    _shot(page, "system-2-new-user-errors")
    page.fill("#id_username", "zhangsan")
    page.fill("#id_display_name", "张三")
    page.select_option("#id_agency", str(bureau.pk))
    page.select_option("#id_role", Role.HANDLER.value)
    page.click("button:has-text('新建用户')")
    page.wait_for_selector("h1:has-text('已新建用户')")
    created_password = _one_time_password(page)
    _audit(page, "the new user's one-time password")
    _shot(page, "system-3-new-user-password")
    zhangsan = User.objects.get(username="zhangsan")
    assert zhangsan.must_change_password and zhangsan.check_password(created_password)
    assert Membership.objects.filter(user=zhangsan, agency=bureau, role=Role.HANDLER).exists()

    # The bureau's page: its posts, the form to grant one, its details.
    page.click("main a:has-text('用户列表')")
    page.wait_for_selector("h1:has-text('用户')")
    _audit(page, "/office/system/users/")
    _shot(page, "system-4-users")
    page.click("nav[aria-label='系统管理'] a:has-text('机关')")
    page.click("main a:has-text('某县财政局')")
    page.wait_for_selector("h1:has-text('某县财政局')")
    _audit(page, "the bureau's page")
    _shot(page, "system-5-agency")

    # The editor's password, reset: a one-time password read off the page.
    page.click("nav[aria-label='系统管理'] a:has-text('用户')")
    page.click("main a:has-text('赵信息员')")
    page.wait_for_selector("h1:has-text('赵信息员')")
    _audit(page, "the editor's page")
    _shot(page, "system-6-user")
    page.click("button:has-text('重置密码')")
    page.wait_for_selector("h1:has-text('已重置密码')")
    reset_password = _one_time_password(page)
    _audit(page, "the reset's one-time password")
    _shot(page, "system-7-reset")

    # Everything done is in the log, in words.
    page.goto(live_server.url + "/office/system/log/")
    log = page.inner_text("main")
    assert "重置密码" in log and "新建账号" in log and "授予岗位" in log
    assert reset_password not in log and created_password not in log
    _audit(page, "/office/system/log/")
    _shot(page, "system-8-log")
    page.goto(live_server.url + "/office/system/agencies/new/")
    _audit(page, "/office/system/agencies/new/")
    page.click("button:has-text('退出')")
    page.wait_for_selector("h1:has-text('工作人员登录')")

    # The editor signs in with it and must change it before anything else.
    colleague = browser.new_page()
    _login(colleague, live_server.url, "xinxiyuan", reset_password)
    colleague.wait_for_selector("h1:has-text('修改密码')")
    assert "您正在使用管理员重置或系统生成的密码" in colleague.inner_text("main")
    _audit(colleague, "the forced change")
    _shot(colleague, "system-9-forced-change")
    colleague.goto(live_server.url + "/office/publications/")  # nowhere else until changed
    colleague.wait_for_selector("h1:has-text('修改密码')")
    colleague.fill("#id_old_password", reset_password)
    colleague.fill("#id_new_password1", "short-7")
    colleague.fill("#id_new_password2", "short-7")
    colleague.click("button:has-text('修改密码')")
    colleague.wait_for_selector("[role=alert]")
    assert "密码太短，至少需要10个字符" in colleague.inner_text("main")
    _audit(colleague, "the change page with errors")
    _shot(colleague, "system-10-change-errors")
    colleague.fill("#id_old_password", reset_password)
    colleague.fill("#id_new_password1", NEW_PASSWORD)
    colleague.fill("#id_new_password2", NEW_PASSWORD)
    colleague.click("button:has-text('修改密码')")
    colleague.wait_for_selector("h1:has-text('密码已修改')")
    _audit(colleague, "/accounts/password/done/")
    _shot(colleague, "system-11-changed")
    colleague.goto(live_server.url + "/office/publications/")
    colleague.wait_for_selector("h1:has-text('主动公开')")
    editor.refresh_from_db()
    assert not editor.must_change_password and editor.check_password(NEW_PASSWORD)
    assert OrgEvent.objects.filter(member=editor, actor=editor).exists()
