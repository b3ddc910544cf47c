"""The register through its pages: record, link, edit, documents, audit, and who may see it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import RegisterEvent
from gongkai.core.tests import files
from gongkai.disputes.models import Dispute
from gongkai.orgs.models import Role
from gongkai.orgs.services import add_member, create_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    agency = create_agency("高新区党政办公室")
    other = create_agency("另一个机关")
    handler = User.objects.create_user("handler", password="pw-very-long-1")
    add_member(handler, agency, Role.HANDLER)
    stranger = User.objects.create_user("stranger", password="pw-very-long-1")
    add_member(stranger, other, Role.HANDLER)
    editor = User.objects.create_user("editor", password="pw-very-long-1")
    add_member(editor, agency, Role.EDITOR)
    return agency, handler, stranger, editor


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(agency, **changes):  # type: ignore[no-untyped-def]
    data = {
        "agency": agency.pk,
        "kind": "reconsideration",
        "body": "洛阳市人民政府",
        "case_number": "洛政复〔2021〕12号",
        "applicant": "张某",
        "filed_on": "2021-03-01",
        "decided_on": "2021-05-10",
        "stage": "decided",
        "result": "corrected",
        "summary": "责令重新答复",
    }
    data.update(changes)
    return data


def test_a_reconsideration_and_the_lawsuit_after_it_are_recorded_linked_and_counted(staff) -> None:  # type: ignore[no-untyped-def]
    agency, handler, _, _ = staff
    client = _client(handler)
    url = reverse("office:disputes")
    assert client.post(url, _form(agency)).status_code == 302
    review = Dispute.objects.get()
    lawsuit = _form(
        agency,
        kind="litigation_after_reconsideration",
        body="洛阳市西工区人民法院",
        case_number="(2021)豫0303行初45号",
        filed_on="2021-06-01",
        decided_on="",
        stage="hearing",
        result="pending",
    )
    page = client.post(url, lawsuit)  # not linked to its reconsideration: refused, nothing saved
    assert "复议后起诉须关联此前的行政复议" in page.content.decode()
    assert Dispute.objects.count() == 1
    assert client.post(url, {**lawsuit, "follows": review.pk}).status_code == 302
    assert Dispute.objects.get(kind="litigation_after_reconsideration").follows == review
    page = client.get(url, {"year": 2021}).content.decode()
    # Table 四 for 2021: the reconsideration corrected, the lawsuit pending.
    assert '<th scope="row">行政复议</th><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td>' in page
    assert (
        '<th scope="row">行政诉讼·复议后起诉</th><td>0</td><td>0</td><td>0</td><td>1</td><td>1</td>'
        in page
    )
    assert RegisterEvent.objects.filter(what="行政复议和诉讼登记").count() == 2


def test_bad_input_is_refused_in_chinese_and_a_stale_edit_loses_nothing(staff) -> None:  # type: ignore[no-untyped-def]
    agency, handler, _, _ = staff
    client = _client(handler)
    url = reverse("office:disputes")
    client.post(url, _form(agency))
    page = client.post(url, _form(agency)).content.decode()  # the same case number again
    assert "同一机关的同类案件中已有这个案号" in page
    page = client.post(
        url, _form(agency, case_number="2", decided_on="2021-02-01")
    ).content.decode()
    assert "审结日期不能早于申请或起诉日期" in page
    page = client.post(url, _form(agency, case_number="3", filed_on="2021-02-30")).content.decode()
    assert Dispute.objects.count() == 1 and "日期" in page
    dispute = Dispute.objects.get()
    edit = reverse("office:dispute", args=[dispute.pk])
    first = _client(handler)
    assert first.post(edit, {**_form(agency, summary="第一人"), "version": 1}).status_code == 302
    page = client.post(edit, {**_form(agency, summary="第二人"), "version": 1}).content.decode()
    assert "已被他人修改" in page
    dispute.refresh_from_db()
    assert (dispute.summary, dispute.version) == ("第一人", 2)
    event = RegisterEvent.objects.filter(what="行政复议和诉讼登记").order_by("pk").last()
    assert event is not None and event.after["summary"] == "第一人"


def test_documents_are_kept_for_staff_only(staff) -> None:  # type: ignore[no-untyped-def]
    agency, handler, stranger, editor = staff
    client = _client(handler)
    client.post(reverse("office:disputes"), _form(agency))
    dispute = Dispute.objects.get()
    edit = reverse("office:dispute", args=[dispute.pk])
    bad = SimpleUploadedFile("决定书.exe", b"MZ...")
    page = client.post(edit, {"document": "1", "title": "复议决定书", "file": bad}).content.decode()
    assert "类型不允许" in page and not dispute.documents.exists()
    fake = SimpleUploadedFile("决定书.pdf", b"%PDF-1.4 demo")  # a PDF by its first bytes only
    page = client.post(
        edit, {"document": "1", "title": "复议决定书", "file": fake}
    ).content.decode()
    assert "PDF 文件已损坏或不完整" in page and not dispute.documents.exists()
    decision = files.pdf("Decision")
    pdf = SimpleUploadedFile("决定书.pdf", decision)
    assert (
        client.post(edit, {"document": "1", "title": "复议决定书", "file": pdf}).status_code == 302
    )
    document = dispute.documents.get()
    download = reverse("office:dispute_document", args=[document.pk])
    assert client.get(download).content == decision
    assert _client(stranger).get(download).status_code == 404
    assert _client(stranger).get(edit).status_code == 404
    assert _client(editor).get(edit).status_code == 403  # a publishing role handles no cases
    assert Client().get(edit).status_code == 302  # to the login page
