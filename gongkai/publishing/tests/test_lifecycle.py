"""A publication's whole life through the web pages, as an editor and reviewers use them:
draft, personal-data flag, review, return, fix, approve, scheduled publish, search hit,
withdraw, gone from search and column."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import Column, Publication, PublicationEvent, Review

# A Tuesday morning, after the drafts' written_on. A scheduled publication is set an hour later
# and the test moves the clock past it: checked against the real clock, "hidden until its time"
# gave the test a second or two to publish, render and search before the item went public on its
# own, which a loaded machine (two xdist workers, Chromium, PDFs on two cores) did not always have.
MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.time_machine(MORNING)]


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _act(client: Client, pk: int, action: str, **data) -> object:
    version = Publication.objects.get(pk=pk).version
    return client.post(
        reverse("office:publication_act", args=[pk, action]),
        {"version": version, **data},
        follow=True,
    )


def test_publication_life(office, search_index, time_machine) -> None:
    editor, reviewer = Client(), Client()
    editor.force_login(office.editor)
    reviewer.force_login(office.reviewer)
    column = Column.objects.get(agency=office.agency, slug="tzgg")

    # Draft, with an ID number and a mobile number in it, and a DOCX attachment.
    response = editor.post(
        reverse("office:publication_new"),
        {
            "column": column.pk,
            "title": "关于开展制发规范性文件清理工作的通知",
            "publisher": office.agency.name,
            "written_on": "2026-03-09",
            "doc_number": "洛开管〔2026〕12号",
            "topic": "综合政务",
            "validity": "valid",
            "body": "<p>联系人张三，身份证号11010519491231002X，手机13812341234。</p><script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    draft = Publication.objects.get(pk=pk)
    assert "<script>" not in draft.body and draft.status == "draft"

    # The flag: submission is refused until the data is masked or confirmed.
    page = editor.get(reverse("office:publication", args=[pk]))
    assert "疑似个人信息（2处）" in page.content.decode()
    refused = _act(editor, pk, "submit")
    assert "发现疑似个人信息" in _messages(refused)
    assert Publication.objects.get(pk=pk).status == "draft"
    editor.post(reverse("office:publication_mask", args=[pk]), {"version": draft.version + 0})
    masked = Publication.objects.get(pk=pk)
    assert "138****1234" in masked.body and "13812341234" not in masked.body
    assert "110***********002X" in masked.body

    # Review: returned with a reason; a reviewer cannot approve a draft.
    assert "已提交保密审查" in _messages(_act(editor, pk, "submit"))
    returned = _act(reviewer, pk, "return", note="文号有误，应为12号文的修订版")
    assert "已退回修改" in _messages(returned)
    item = Publication.objects.get(pk=pk)
    assert item.status == "draft" and item.return_reason.startswith("文号有误")
    assert "文号有误" in editor.get(reverse("office:publication_edit", args=[pk])).content.decode()

    # Fix: edit the draft (an attachment added), submit again, approve.
    docx = _docx("附件：制发规范性文件目录清单")
    fixed = editor.post(
        reverse("office:publication_edit", args=[pk]),
        {
            "version": item.version,
            "column": column.pk,
            "title": "关于开展制发规范性文件清理工作的通知",
            "publisher": office.agency.name,
            "written_on": "2026-03-09",
            "doc_number": "洛开管〔2026〕13号",
            "topic": "综合政务",
            "validity": "valid",
            "body": masked.body,
            "uploads": [SimpleUploadedFile("清单.docx", docx)],
        },
    )
    assert fixed.status_code == 302
    _act(editor, pk, "submit")
    assert "请填写审查意见" in _messages(_act(reviewer, pk, "approve"))
    assert "已审查通过" in _messages(_act(reviewer, pk, "approve", note="经审查不涉密，同意公开"))
    assert Publication.objects.get(pk=pk).status == "approved"
    review = Review.objects.filter(publication_id=pk, outcome="approved").get()
    assert review.reviewer == office.reviewer and review.level == 1

    # Scheduled publication: hidden until its time, then in the column and in search.
    at = MORNING + timedelta(hours=1)
    published = _act(editor, pk, "publish", publish_at=at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert "已发布" in _messages(published)
    item = Publication.objects.get(pk=pk)
    assert item.published_at == at
    assert item.index_number and item.index_number.startswith("GX-")
    public = Client()
    assert public.get(reverse("portal:item", args=[pk])).status_code == 404
    assert _found(public, "制发") == 0
    time_machine.shift(timedelta(hours=1))
    # An hour idle ends a staff session (SESSION_IDLE_MINUTES): both sign in again.
    for client, person in ((editor, office.editor), (reviewer, office.reviewer)):
        client.logout()
        client.force_login(person)
    assert public.get(reverse("portal:item", args=[pk])).status_code == 200
    assert (
        "关于开展制发规范性文件"
        in public.get(reverse("portal:column", args=[column.pk])).content.decode()
    )
    assert _found(public, "制发") == 1
    assert _found(public, "目录清单") == 1  # the attachment's text is searched too
    page = public.get(reverse("portal:search"), {"q": "制发"}).content.decode()
    assert "<mark>制发</mark>" in page and "11010519491231002X" not in page

    # Withdraw: gone from search and from the column.
    assert "撤回必须写明理由" in _messages(_act(editor, pk, "withdraw"))
    assert "已撤回" in _messages(_act(editor, pk, "withdraw", note="文件已被新文件替代"))
    assert _found(public, "制发") == 0
    assert (
        "关于开展制发"
        not in public.get(reverse("portal:column", args=[column.pk])).content.decode()
    )
    assert public.get(reverse("portal:item", args=[pk])).status_code == 404

    actions = list(
        PublicationEvent.objects.filter(publication_id=pk).values_list("action", flat=True)
    )
    assert actions == ["created", "masked", "submit", "return", "edited", "submit", "approve",
                       "publish", "withdraw"]  # fmt: skip


def test_two_level_review_needs_two_reviewers(office, search_index) -> None:
    from gongkai.publishing.models import PublishingSettings

    PublishingSettings.objects.filter(agency=office.agency).update(review_levels=2)
    editor, first, second = Client(), Client(), Client()
    editor.force_login(office.editor)
    first.force_login(office.reviewer)
    second.force_login(office.reviewer2)
    pk = _draft(editor, office)
    _act(editor, pk, "submit")
    _act(first, pk, "approve", note="一级审查同意")
    assert Publication.objects.get(pk=pk).status == "submitted"
    assert "不同的审核人" in _messages(_act(first, pk, "approve", note="再签一次"))
    _act(second, pk, "approve", note="二级审查同意")
    assert Publication.objects.get(pk=pk).status == "approved"


def test_staff_see_only_their_agency_and_stale_edits_are_refused(office, search_index) -> None:
    editor, outsider = Client(), Client()
    editor.force_login(office.editor)
    outsider.force_login(office.outsider)
    pk = _draft(editor, office)
    assert outsider.get(reverse("office:publication", args=[pk])).status_code == 404
    assert (
        outsider.post(
            reverse("office:publication_act", args=[pk, "submit"]), {"version": 1}
        ).status_code
        == 404
    )
    assert Client().get(reverse("office:publications")).status_code == 302  # login first
    stale = editor.post(
        reverse("office:publication_act", args=[pk, "submit"]), {"version": 0}, follow=True
    )
    assert "已被他人修改" in _messages(stale)
    bad_file = editor.post(
        reverse("office:publication_edit", args=[pk]),
        {"version": Publication.objects.get(pk=pk).version, "column": Publication.objects.get(pk=pk).column_id,
         "title": "t", "publisher": "p", "written_on": "2026-01-05", "topic": "综合政务", "validity": "valid",
         "uploads": [SimpleUploadedFile("病毒.exe", b"MZ....")]},
    )  # fmt: skip
    assert "类型不允许" in bad_file.content.decode()
    assert Publication.objects.get(pk=pk).title != "t"  # nothing changed


def _draft(client: Client, office) -> int:
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    response = client.post(
        reverse("office:publication_new"),
        {"column": column.pk, "title": "高新区召开安全生产工作会议", "publisher": office.agency.name,
         "written_on": "2026-01-05", "topic": "综合政务", "validity": "valid", "body": "<p>会议内容</p>"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    return int(response["Location"].rstrip("/").split("/")[-1])


def _found(client: Client, q: str) -> int:
    response = client.get(reverse("portal:search"), {"q": q})
    assert response.status_code == 200
    result = response.context["result"]
    return result.total


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_locked_index_does_not_fail_the_publish(
    office, search_index, monkeypatch, caplog
) -> None:
    from gongkai.publishing import services
    from gongkai.search import services as search
    from gongkai.search import tantivy_engine

    monkeypatch.setattr(tantivy_engine, "LOCK_WAIT_S", 0.2)
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    item = Publication.objects.create(
        agency=office.agency, column=column, title="t", publisher="p",
        written_on=timezone.localdate(), status="approved",
    )  # fmt: skip
    holder = search.engine().index.writer(15_000_000, 1)  # another process's writer, in effect
    try:
        services.act(office.editor, item, "publish", item.version)
    finally:
        holder.rollback()
        del holder
    assert Publication.objects.get(pk=item.pk).status == "published"
    assert "gongkai reindex" in caplog.text
