"""An applicant's case end to end in a real browser (Debian's Chromium through Playwright): they
apply online and note their codes; the handler asks for a 补正 (through the service); the
applicant reads the notice and its deadline on /track/, is refused a file that is not what it
says, answers with text and a file; the handler decides and serves (services); the applicant
downloads the reply. Every page state passes axe-core (WCAG 2.1 AA). The server's clock is
pinned; set GONGKAI_SCREENSHOTS=DIR to keep a screenshot of each state."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import time_machine
from django.core import mail

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.core.tests.files import pdf
from gongkai.orgs.models import Role
from gongkai.tests.test_accessibility import (  # noqa: F401 (browser: the fixture)
    BROWSER_MARKS,
    _audit,
    browser,
)
from gongkai.tests.test_calendar_browser import _shot

pytestmark = BROWSER_MARKS
SHANGHAI = ZoneInfo("Asia/Shanghai")
MOMENT = datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
NAME = "孙秘密"


def test_an_applicant_applies_answers_a_correction_and_downloads_the_reply(
    live_server: Any,
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    with time_machine.travel(MOMENT, tick=True):
        agency = factories.agency("某市生态环境局", phone="0379-1111", code="HB")
        handler = factories.staff(agency, Role.HANDLER, username="chengban")

        # The applicant applies online and reads their codes.
        page = browser.new_page()
        page.goto(live_server.url + "/apply/")
        page.select_option("#id_case-agency", str(agency.pk))
        page.fill("#id_case-description", "某化工企业2025年排污许可证（秘密描述）")
        page.select_option("#id_applicant-kind", "natural_person")
        page.fill("#id_applicant-name", NAME)
        page.select_option("#id_applicant-id_type", "passport")
        page.fill("#id_applicant-id_number", "E98765432")
        page.fill("#id_applicant-phone", "13800000000")
        page.fill("#id_applicant-email", "sun@example.com")
        page.check("#id_case-confirm")
        page.click("button[type=submit]")
        page.wait_for_selector("h1:has-text('申请已提交')")
        codes = page.locator("dl.facts dd strong")
        tracking_code, check_code = codes.nth(0).inner_text(), codes.nth(1).inner_text()
        case = Application.objects.get()
        assert tracking_code == case.tracking_code and len(check_code) == 14
        _audit(page, "acknowledgement")
        _shot(page, "applicant-1-acknowledgement")
        assert mail.outbox[-1].to == ["sun@example.com"]  # the receipt, by e-mail

        # The handler asks for a 补正 (through the service, as the case page does).
        services.request_correction(
            case,
            handler,
            on=date(2026, 3, 10),
            reply_by=date(2026, 3, 24),
            what="请写明排污许可证的编号或企业全称",
        )

        # The applicant reads the notice and its deadline.
        page.goto(live_server.url + "/track/")
        _audit(page, "/track/ empty")
        page.fill("#id_tracking_code", tracking_code.lower())
        page.fill("#id_check_code", check_code)
        page.click("form[action='/track/'] button[type=submit]")
        page.wait_for_selector("h2:has-text('补正告知')")
        text = page.inner_text("main")
        assert "待补正" in text and "补正期限：2026年3月24日" in text
        assert "请您对以下内容作出补正：请写明排污许可证的编号或企业全称" in text
        html = page.content()
        assert NAME not in html and "秘密描述" not in html
        assert check_code not in html and check_code.replace("-", "") not in html
        _audit(page, "/track/ awaiting a correction")
        _shot(page, "applicant-2-correction-notice")

        # A file that is not what its name says is refused, with the reason; the text stays.
        fake = tmp_path / "营业执照.pdf"
        fake.write_bytes(b"<html>this is not a pdf</html>")
        page.fill("#id_text", "企业全称：某化工有限公司")
        page.set_input_files("#id_attachments", str(fake))
        page.click("button:has-text('提交补正')")
        page.wait_for_selector("text=内容与扩展名不符")
        assert page.input_value("#id_text") == "企业全称：某化工有限公司"
        _audit(page, "/track/ a refused file")
        _shot(page, "applicant-3-refused-file")

        # The answer, with a real file: no codes asked again.
        permit = tmp_path / "排污许可证.pdf"
        permit.write_bytes(pdf("Permit 91410300MA00000000"))
        page.set_input_files("#id_attachments", str(permit))
        page.click("button:has-text('提交补正')")
        page.wait_for_selector("text=已收到您的补正材料。")
        text = page.inner_text("main")
        assert "已于2026年3月10日收到您的补正材料（网上提交）" in text and "办理中" in text
        _audit(page, "/track/ correction received")
        _shot(page, "applicant-4-correction-received")
        case.refresh_from_db()
        assert case.status == "registered" and case.period_start == date(2026, 3, 10)
        event = case.events.get(action="receive_correction")
        assert event.data["text"] == "企业全称：某化工有限公司"
        assert [f["name"] for f in event.data["files"]] == ["排污许可证.pdf"]

    # Nine days later the handler decides and serves; the applicant comes back for the reply.
    with time_machine.travel(datetime(2026, 3, 19, 15, 0, tzinfo=SHANGHAI), tick=True):
        case = services.decide(
            case,
            handler,
            on=date(2026, 3, 19),
            outcome="granted",
            note="提供该企业排污许可证副本",
        )
        services.serve(case, handler, on=date(2026, 3, 19), method="electronic")
        page.goto(live_server.url + "/track/")
        assert tracking_code not in page.inner_text("main")  # nine days: the session has ended
        page.fill("#id_tracking_code", tracking_code)
        page.fill("#id_check_code", check_code)
        page.click("form[action='/track/'] button[type=submit]")
        page.wait_for_selector("h2:has-text('文书下载')")
        text = page.inner_text("main")
        assert "已办结" in text and "办理结果" in text and "予以公开" in text
        assert "我们已作出答复并送达" in text
        _audit(page, "/track/ served")
        _shot(page, "applicant-5-served")
        with page.expect_download() as downloading:
            page.click("a[href='/track/documents/reply.docx']")
        download = downloading.value
        assert download.suggested_filename == f"政府信息公开申请答复书-{tracking_code}.docx"
        reply = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
        words = "\n".join(p.text for p in reply.paragraphs)
        assert "予以公开" in words and "提供该企业排污许可证副本" in words and NAME in words
        with page.expect_download() as downloading:
            page.click("a[href='/track/documents/reply.pdf']")
        assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")

        page.click("button:has-text('结束查询')")
        page.wait_for_selector("text=已结束查询")
        assert tracking_code not in page.inner_text("main")
        _audit(page, "/track/ ended")
        _shot(page, "applicant-6-ended")
        # The handler sees on the case page what the applicant sent and was sent.
        handler.set_password("applicant-pass-1")
        handler.save()
        office = browser.new_page()
        office.goto(live_server.url + "/accounts/login/")
        office.fill("#id_username", "chengban")
        office.fill("#id_password", "applicant-pass-1")
        with office.expect_navigation():
            office.click("button[type=submit]")
        office.goto(live_server.url + f"/office/cases/{case.pk}/")
        text = office.inner_text("main")
        assert "申请人通过网上提交补正材料" in text and "排污许可证.pdf" in text
        assert "申请人网上补正材料（Word）" in text
        assert "通知申请人" in text and text.count("已于 ") >= 6  # three e-mails, three texts
        office.click("details:first-of-type summary")  # what was sent, word for word
        _audit(office, "the case page with the messages")
        _shot(office, "applicant-7-staff-case")
    subjects = [m.subject for m in mail.outbox if m.to == ["sun@example.com"]]
    assert [s.split("】", 1)[1][:8] for s in subjects] == [
        "已收到您的政府信",
        "请补正您的政府信",
        "您的政府信息公开",
    ]
