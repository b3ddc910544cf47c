"""The applicant's side of /track/: the 补正 notice and its deadline, answering it online with text
and files, the notices to download (the reply only once served), the session that keeps the
applicant on their case for a while after the codes (and ends), and no personal data on the page.
The clock is pinned."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.applications.tests.test_online_correction import png
from gongkai.core.tests.files import pdf
from gongkai.orgs.models import Role
from gongkai.portal.views import TRACK_SESSION

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MOMENT = datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
TODAY = MOMENT.date()
NAME, DESCRIPTION = "钱秘密", "某小区消防验收意见（秘密描述）"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock: time_machine.Traveller) -> dict[str, Any]:
    agency = factories.agency("某市消防救援支队", phone="0379-3333", code="XF")
    handler = factories.staff(agency, Role.HANDLER)
    received = services.receive(
        agency=agency,
        on=date(2026, 3, 9),
        applicant=factories.applicant(name=NAME, email="qian@example.com"),
        case={"received_on": date(2026, 3, 9), "channel": "online", "description": DESCRIPTION},
    )
    case = services.request_correction(
        received.application,
        handler,
        on=TODAY,
        reply_by=date(2026, 3, 24),
        what="请写明小区名称和验收年份",
    )
    return {"agency": agency, "handler": handler, "received": received, "case": case}


def _track(client: Client, received: services.Received) -> Any:
    return client.post(
        reverse("portal:track"),
        {"tracking_code": received.application.tracking_code, "check_code": received.check_code},
    )


def _page(client: Client) -> str:
    return client.get(reverse("portal:track")).content.decode()


def _answer(client: Client, **fields: Any) -> Any:
    return client.post(reverse("portal:track_correction"), fields)


def test_the_applicant_reads_the_correction_and_answers_it_online(world: dict[str, Any]) -> None:
    client = Client()
    response = _track(client, world["received"])
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "待补正" in page and "请阅读下面的补正告知书" in page
    assert "补正期限：2026年3月24日" in page
    assert "请您对以下内容作出补正：请写明小区名称和验收年份" in page
    assert "申请人：" in page and NAME not in page and DESCRIPTION not in page
    assert world["received"].check_code not in page  # the codes are not written back
    assert 'action="/track/correction/"' in page and 'enctype="multipart/form-data"' in page
    # The codes once: the page and the follow-up need no more.
    assert world["case"].tracking_code in _page(client)
    response = _answer(
        client,
        text="小区名称：幸福里小区；验收年份：2024年。",
        attachments=[
            SimpleUploadedFile("验收通知.pdf", pdf("Acceptance 2024"), "application/pdf"),
            SimpleUploadedFile("照片.png", png(), "image/png"),
        ],
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:track")
    page = _page(client)
    assert "已收到您的补正材料。答复期限自今日起重新计算" in page
    assert "已于2026年3月10日收到您的补正材料（网上提交）" in page
    assert "办理中" in page and "答复期限" in page and "/track/correction/" not in page
    case = Application.objects.get(pk=world["case"].pk)
    assert case.status == "registered" and case.period_start == TODAY

    # The staff see the text on the timeline and get the material as a document.
    staff = Client()
    staff.force_login(world["handler"])
    case_page = staff.get(reverse("office:case", args=[case.pk])).content.decode()
    assert "小区名称：幸福里小区" in case_page and "验收通知.pdf" in case_page
    assert "申请人网上补正材料（Word）" in case_page
    material = staff.get(reverse("office:case_document", args=[case.pk, "correction_answer"]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(material.content)).paragraphs)
    assert "幸福里小区" in text and "Acceptance 2024" in text


def test_a_refused_file_is_named_and_the_text_kept(world: dict[str, Any], settings: Any) -> None:
    client = Client()
    _track(client, world["received"])
    response = _answer(
        client,
        text="见附件",
        attachments=[
            SimpleUploadedFile("扫描件.pdf", b"<html>not a pdf</html>", "application/pdf")
        ],
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "附件“扫描件.pdf”的内容与扩展名不符" in page and ">\n见附件</textarea>" in page
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = _answer(
        client, attachments=[SimpleUploadedFile("大.png", png() + b"\0" * 2048, "image/png")]
    )
    assert response.status_code == 422 and "上限为 0 MB" in response.content.decode()
    assert _answer(client).status_code == 422
    assert "请填写补正内容或上传补正材料" in _answer(client).content.decode()
    assert Application.objects.get(pk=world["case"].pk).status == "correction"


def test_without_the_codes_nothing_is_shown_or_taken(world: dict[str, Any]) -> None:
    client = Client()
    page = _page(client)
    assert world["case"].tracking_code not in page and "补正告知" not in page
    response = _answer(client, text="冒充的补正")
    assert response.status_code == 302 and response["Location"] == reverse("portal:track")
    document = client.get(reverse("portal:track_document", args=["correction", "docx"]))
    assert document.status_code == 302
    assert "请输入跟踪码和查询码查看您的申请" in client.get(document["Location"]).content.decode()
    assert Application.objects.get(pk=world["case"].pk).status == "correction"


def test_the_session_ends_when_idle_when_asked_and_when_the_code_changes(
    world: dict[str, Any], clock: time_machine.Traveller
) -> None:
    code = world["case"].tracking_code
    client = Client()
    _track(client, world["received"])
    clock.shift(TRACK_SESSION - timedelta(minutes=1))
    assert code in _page(client)  # each request starts the window again
    clock.shift(TRACK_SESSION - timedelta(minutes=1))
    assert code in _page(client)
    clock.shift(TRACK_SESSION + timedelta(seconds=1))
    assert code not in _page(client)
    assert _answer(client, text="超时后的补正").status_code == 302
    assert Application.objects.get(pk=world["case"].pk).status == "correction"

    _track(client, world["received"])
    response = client.post(reverse("portal:track_forget"))
    assert response.status_code == 302
    page = _page(client)
    assert code not in page and "已结束查询" in page

    _track(client, world["received"])
    Application.objects.filter(pk=world["case"].pk).update(check_code_hash="0" * 64)
    assert code not in _page(client)


def test_the_right_codes_start_a_new_session(world: dict[str, Any]) -> None:
    client = Client()
    client.get(reverse("portal:track"))
    client.session.save()
    planted = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    _track(client, world["received"])
    assert client.cookies["sessionid"].value != planted


def test_the_reply_is_downloadable_only_once_served(world: dict[str, Any]) -> None:
    case, handler = world["case"], world["handler"]
    case = services.answer_correction_online(case, text="补正")
    client = Client()
    _track(client, world["received"])
    correction = client.get(reverse("portal:track_document", args=["correction", "docx"]))
    assert correction.status_code == 200 and "no-store" in correction["Cache-Control"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(correction.content)).paragraphs)
    assert "请写明小区名称和验收年份" in text
    reply = reverse("portal:track_document", args=["reply", "docx"])
    assert client.get(reply).status_code == 404
    case = services.decide(case, handler, on=TODAY, outcome="granted", note="提供验收意见复印件")
    assert client.get(reply).status_code == 404  # decided, not yet served
    assert "政府信息公开申请答复书" not in _page(client)
    services.serve(case, handler, on=TODAY, method="electronic")
    page = _page(client)
    assert "文书下载" in page and "政府信息公开申请答复书" in page
    assert "我们已作出答复并送达" in page and NAME not in page and DESCRIPTION not in page
    served = client.get(reply)
    assert served.status_code == 200 and served.content[:2] == b"PK"
    assert "filename*=UTF-8''" in served["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(served.content)).paragraphs)
    assert "予以公开" in text and "提供验收意见复印件" in text and NAME in text  # their own
    for kind, fmt in (("consultation", "docx"), ("correction_answer", "docx"), ("reply", "odt")):
        assert client.get(reverse("portal:track_document", args=[kind, fmt])).status_code == 404


@pytest.mark.slow
def test_the_reply_as_pdf(world: dict[str, Any]) -> None:
    case = services.answer_correction_online(world["case"], text="补正")
    case = services.decide(case, world["handler"], on=TODAY, outcome="granted")
    services.serve(case, world["handler"], on=TODAY, method="electronic")
    client = Client()
    _track(client, world["received"])
    response = client.get(reverse("portal:track_document", args=["reply", "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_another_right_pair_moves_the_session_to_that_case(world: dict[str, Any]) -> None:
    other = services.receive(
        agency=world["agency"],
        on=TODAY,
        applicant=factories.applicant(),
        case={"received_on": TODAY, "channel": "online", "description": "另一件申请"},
    )
    client = Client()
    _track(client, world["received"])
    _track(client, other)
    page = _page(client)
    assert other.application.tracking_code in page
    assert world["case"].tracking_code not in page
    assert (
        client.get(reverse("portal:track_document", args=["correction", "docx"])).status_code == 404
    )
