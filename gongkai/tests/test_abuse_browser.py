"""Abuse as people meet it in a real browser: a clerk who mistypes a password too often, an
applicant (or someone guessing) who mistypes a check code too often, an editor who attaches a
zip bomb, and everyone searching while the index is empty. Each is told in Chinese what
happened and what to do; nothing typed is lost; every page passes axe-core."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.applications import services
from gongkai.applications.tests import factories
from gongkai.core.tests import files
from gongkai.orgs.models import Role
from gongkai.portal.views import TRACK_PER_CLIENT
from gongkai.publishing.models import Publication
from gongkai.search import services as search
from gongkai.tests.test_accessibility import (  # noqa: F401 (browser: the fixture)
    BROWSER_MARKS,
    _audit,
    browser,
)
from gongkai.tests.test_calendar_browser import _shot

pytestmark = BROWSER_MARKS
PASSWORD = "abuse-pass-phrase-1"


def _login(page: Any, url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_a_clerk_locked_out_is_told_until_when(
    live_server: Any,
    browser: Any,  # noqa: F811
    settings: Any,
) -> None:
    settings.AXES_ENABLED = True
    agency = factories.agency("某市生态环境局")
    clerk = factories.staff(agency, Role.HANDLER, username="wangli")
    clerk.set_password(PASSWORD)
    clerk.save()
    page = browser.new_page()
    for _ in range(5):
        _login(page, live_server.url, "wangli", "wrong-password")
    _login(page, live_server.url, "wangli")  # the right one, too late
    text = page.inner_text("main")
    assert "登录已暂时锁定" in text and "之后再试" in text and "系统管理员" in text
    assert "/office/" not in page.url
    _audit(page, "locked out")
    _shot(page, "abuse-1-locked-out")


def test_an_applicant_guessing_check_codes_is_stopped(
    live_server: Any,
    browser: Any,  # noqa: F811
) -> None:
    agency = factories.agency("某市生态环境局", code="HB")
    received = services.receive(
        agency=agency,
        on=date(2026, 12, 4),
        applicant=factories.applicant(),
        case={"received_on": date(2026, 12, 4), "channel": "online", "description": "某文件"},
    )
    page = browser.new_page()
    for n in range(TRACK_PER_CLIENT.failures + 1):
        page.goto(live_server.url + "/track/")
        page.fill("#id_tracking_code", received.application.tracking_code)
        page.fill("#id_check_code", f"WRONG-CODE-{n:02d}")
        page.click("button[type=submit]")
    text = page.inner_text("main")
    assert "尝试次数过多" in text and "再试" in text
    assert page.input_value("#id_tracking_code") == received.application.tracking_code  # kept
    _audit(page, "track refused")
    _shot(page, "abuse-2-track-limited")


def test_an_editor_attaching_a_bomb_keeps_the_draft_and_search_says_it_is_rebuilding(
    live_server: Any,
    browser: Any,  # noqa: F811
    office: Any,
    search_index: None,
    tmp_path: Any,
) -> None:
    office.editor.set_password(PASSWORD)
    office.editor.save()
    page = browser.new_page()
    _login(page, live_server.url, "editor")
    page.goto(live_server.url + "/office/publications/new/")
    page.select_option("#id_column", label=page.locator("#id_column option").nth(1).inner_text())
    page.fill("#id_title", "关于公布年度报告附件的通知")
    page.fill("#id_body", "<p>这段正文不能丢。</p>")
    bomb = tmp_path / "年报附件.docx"
    bomb.write_bytes(next(h for h in files.corpus() if h.name == "bomb-zip.docx").data)
    page.set_input_files("#id_uploads", str(bomb))
    page.click("button:has-text('保存草稿')")
    text = page.inner_text("main")
    assert "附件“年报附件.docx”" in text and "压缩" in text
    assert page.input_value("#id_title") == "关于公布年度报告附件的通知"
    assert "这段正文不能丢" in page.input_value("#id_body")
    assert not Publication.objects.filter(title="关于公布年度报告附件的通知").exists()
    _audit(page, "attachment refused")
    _shot(page, "abuse-3-attachment-refused")

    # The index is empty while items are published (as after a restore without it).
    from gongkai.demo import publishing as demo

    demo.load(office.agency, plan=(("gzdt", 3),), recent=3)
    search.engine().clear()
    reader = browser.new_page()
    reader.goto(live_server.url + "/search/?q=工作")
    assert "索引正在重建" in reader.inner_text("main")
    _audit(reader, "search while the index is empty")
    _shot(reader, "abuse-4-search-rebuilding")
    page.goto(live_server.url + "/office/publications/")
    assert "全文检索索引为空" in page.inner_text("main")
    _shot(page, "abuse-5-staff-banner")
