"""The applicant answering a 补正 notice online (services.answer_correction_online): the platform
records it for them as a SystemActor the workflow table grants this one action; the text and the
files are kept with the event and shown to the staff (timeline note, the material as a Word
document); every file is checked before anything is stored, and a refused answer stores nothing.
Also: the notices as the applicant gets them (no personal data on the page; the reply as PDF)."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import date
from typing import Any

import docx
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import documents, services, workflow
from gongkai.applications.services import online
from gongkai.applications.tests import factories
from gongkai.applications.workflow import Action
from gongkai.core.tests.files import pdf
from gongkai.core.workflow import SYSTEM
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 3, 2)  # a Monday
ASKED = date(2026, 3, 4)


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG (grey pixels), made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _no_files_of_earlier_tests() -> None:
    """The test storage lives as long as the process, and case numbers come round again."""

    def clear(folder: str) -> None:
        if not default_storage.exists(folder):
            return
        folders, files = default_storage.listdir(folder)
        for name in files:
            default_storage.delete(f"{folder}/{name}")
        for name in folders:
            clear(f"{folder}/{name}")

    clear("corrections")


@pytest.fixture
def awaiting() -> Any:
    agency = factories.agency("某县自然资源局", phone="0379-2222", code="ZR")
    handler = factories.staff(agency, Role.HANDLER)
    case = factories.case(
        agency, RECEIVED, on=ASKED, who=factories.applicant(name="赵秘密"), description="秘密地块"
    )
    case = services.request_correction(
        case, handler, on=ASKED, reply_by=date(2026, 3, 18), what="请写明地块的位置或编号",
        today_=ASKED,
    )  # fmt: skip
    return case


def test_the_platform_may_record_the_applicants_correction_and_nothing_else_they_do() -> None:
    granted = {a for a, roles in workflow.ACTION_ROLES.items() if SYSTEM in roles}
    assert granted == {Action.RECEIVE_CORRECTION, Action.DECIDE, Action.SERVE}


def test_an_answer_with_text_and_files_restarts_the_clock_and_is_kept_for_the_staff(
    awaiting: Any,
) -> None:
    answered_on = date(2026, 3, 9)
    case = services.answer_correction_online(
        awaiting,
        text="地块位于城关镇东街，编号 ZR-2025-017。",
        uploads=[
            SimpleUploadedFile("地块位置图.png", png(), "image/png"),
            SimpleUploadedFile("说明.pdf", pdf("Parcel ZR-2025-017"), "application/pdf"),
        ],
        today_=answered_on,
    )
    assert case.status == "registered" and case.period_start == answered_on
    event = case.events.get(action=Action.RECEIVE_CORRECTION)
    assert event.actor is None and event.on == answered_on
    assert event.data["online"] is True and event.data["late"] is False
    assert event.data["text"] == "地块位于城关镇东街，编号 ZR-2025-017。"
    assert "申请人通过网上提交补正材料" in event.note and "地块位置图.png" in event.note
    files = online.correction_files(event)
    assert [(f.name, f.kind) for f in files] == [("地块位置图.png", "png"), ("说明.pdf", "pdf")]
    assert online.read_correction_file(files[0]) == png()
    assert "Parcel ZR-2025-017" in online.correction_file_text(files[1])
    # The staff's copy: listed among the documents, with the text, the image and the PDF's text.
    events = list(case.events.all())
    assert documents.MATERIAL in documents.available(events)
    material = docx.Document(io.BytesIO(documents.render_notice(case, "correction_answer", events)))
    text = "\n".join(p.text for p in material.paragraphs)
    assert "编号 ZR-2025-017" in text and "附件1：地块位置图.png" in text
    assert "Parcel ZR-2025-017" in text and files[0].sha256 in text
    assert len(material.inline_shapes) == 1  # the picture
    assert documents.template_for(case, "correction_answer")[0] == "申请人网上补正材料"


def test_a_late_answer_is_taken_and_marked_for_the_staff(awaiting: Any) -> None:
    case = services.answer_correction_online(awaiting, text="补正如下", today_=date(2026, 3, 20))
    assert case.events.get(action=Action.RECEIVE_CORRECTION).data["late"] is True


@pytest.mark.parametrize(
    ("text", "uploads", "message"),
    [
        ("", [], "请填写补正内容或上传补正材料"),
        ("字" * 5001, [], "补正内容不超过5000字"),
        ("见附件", [SimpleUploadedFile("程序.exe", b"MZ\x90\x00", "application/octet-stream")],
         "类型不允许"),
        ("见附件", [SimpleUploadedFile("伪装.pdf", b"<html>not a pdf</html>", "application/pdf")],
         "内容与扩展名不符"),
        ("见附件", [SimpleUploadedFile(f"{n}.png", png(), "image/png") for n in range(6)],
         "附件最多5个"),
    ],
)  # fmt: skip
def test_a_refused_answer_changes_and_stores_nothing(
    awaiting: Any, text: str, uploads: list[Any], message: str
) -> None:
    before = set(_stored(awaiting))
    with pytest.raises(services.CaseError, match=message):
        services.answer_correction_online(awaiting, text=text, uploads=uploads, today_=ASKED)
    awaiting.refresh_from_db()
    assert awaiting.status == "correction"
    assert set(_stored(awaiting)) == before == set()


def test_a_case_not_awaiting_a_correction_refuses_the_answer_and_keeps_no_file(
    awaiting: Any,
) -> None:
    services.answer_correction_online(awaiting, text="第一次", today_=ASKED)
    with pytest.raises(services.CaseError, match="不能执行“收到补正材料”"):
        services.answer_correction_online(
            awaiting,
            text="第二次",
            uploads=[SimpleUploadedFile("图.png", png(), "image/png")],
            today_=ASKED,
        )
    assert _stored(awaiting) == []


def _stored(case: Any) -> list[str]:
    folder = f"corrections/{case.pk}"
    try:
        return default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return []


def test_the_applicants_notices_leave_out_their_name_and_request(awaiting: Any) -> None:
    events = list(awaiting.events.all())
    notices = documents.ApplicantNotices(awaiting, events)
    text = notices.text("correction")
    assert text.startswith("申请人：\n本机关于2026年3月2日收到您提出的政府信息公开申请")
    assert "请写明地块的位置或编号" in text and "2026年3月18日" in text
    assert "赵秘密" not in text and "秘密地块" not in text
    assert notices.title("correction") == "政府信息公开申请补正告知书"
    # The staff's Word notice keeps the name.
    staff = docx.Document(io.BytesIO(documents.render_notice(awaiting, "correction", events)))
    assert "赵秘密" in "\n".join(p.text for p in staff.paragraphs)


@pytest.mark.slow
def test_the_reply_as_pdf(awaiting: Any) -> None:
    from pypdf import PdfReader

    case = services.answer_correction_online(awaiting, text="补正", today_=date(2026, 3, 5))
    handler = case.agency.memberships.get(role=Role.HANDLER).user
    case = services.decide(
        case, handler, on=date(2026, 3, 10), outcome="granted", note="附件为所需信息",
        today_=date(2026, 3, 10),
    )  # fmt: skip
    data = documents.render_notice_pdf(case, "reply", list(case.events.all()))
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    compact = "".join(text.split())
    assert "政府信息公开申请答复书" in compact and "予以公开" in compact
    assert "某县自然资源局" in compact and "2026年3月10日" in compact
