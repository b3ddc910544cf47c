"""The annual report through the back office: drafted, edited, checked, refused while wrong,
finalised (frozen), reopened only by the head with a reason, locked once published."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.annual import workflow
from gongkai.annual.models import AnnualReport, ReportEvent
from gongkai.applications import services as cases
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.core.workflow import SystemActor
from gongkai.orgs.models import Role
from gongkai.publishing import services as publishing

SYSTEM = SystemActor("测试数据")  # records decided by the platform, as a register import

TODAY = date(2026, 3, 31)
# The pages date events and count the 31 January / 31 March deadlines from today.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]


@pytest.fixture
def office():  # type: ignore[no-untyped-def]
    agency = factories.agency("高新区党政办公室")
    for number in range(3):
        case = factories.case(agency, date(2025, 3, 3 + number), on=TODAY)
        cases.decide(case, SYSTEM, on=date(2025, 3, 20), outcome="granted", today_=TODAY)
    editor = factories.staff(agency, Role.EDITOR)
    head = factories.staff(agency, Role.HEAD)
    outsider = factories.staff(factories.agency(), Role.EDITOR)
    return agency, editor, head, outsider


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def page_url(report: AnnualReport) -> str:
    return reverse("office:annual_report", args=[report.pk])


def _sections(report: AnnualReport, **changes: str) -> dict[str, object]:
    return {"version": report.version, **report.sections, **changes}


def test_a_wrong_figure_blocks_finalising_until_fixed_then_the_tables_freeze(office) -> None:  # type: ignore[no-untyped-def]
    agency, editor, head, outsider = office
    writer, boss = _client(editor), _client(head)
    page = writer.post(reverse("office:annual_reports"), {"agency": agency.pk, "year": 2025})
    report = AnnualReport.objects.get()
    assert page.url == reverse("office:annual_report", args=[report.pk])
    linked = "共收到政府信息公开申请{{applications.new.total}}件"
    assert linked in report.sections["overview"] and report.findings == []
    page = writer.get(page.url).content.decode()
    cell = reverse("office:annual_cell", args=[report.pk, "applications.granted.total"])
    assert f'<a href="{cell}">3</a>' in page  # every number opens its records
    assert writer.get(cell).content.decode().count("/office/cases/") == 3
    # A linked figure follows the records: a fourth case, and the draft's prose says 4.
    extra = factories.case(agency, date(2025, 7, 1), on=TODAY)
    assert "共收到政府信息公开申请4件" in writer.get(page_url(report)).content.decode()
    extra.delete()
    # The editor types a figure over the link: saved, checked, and shown as an error.
    wrong = report.sections["overview"].replace(linked, "共收到政府信息公开申请5件")
    writer.post(
        reverse("office:annual_report", args=[report.pk]),
        _sections(report, overview=wrong),
    )
    report.refresh_from_db()
    assert [f["code"] for f in report.findings] == ["TEXT_TABLE_MISMATCH"]
    act = lambda client, action, **data: client.post(  # noqa: E731
        reverse("office:annual_act", args=[report.pk, action]), {"version": report.version, **data}
    )
    act(writer, "check")
    report.refresh_from_db()
    act(boss, "finalise")
    report.refresh_from_db()
    assert report.status == workflow.CHECKED
    assert (
        "核对发现1处错误，改正后才能定稿"
        in boss.get(reverse("office:annual_report", args=[report.pk])).content.decode()
    )
    fixed = wrong.replace("申请5件", "申请3件")
    writer.post(
        reverse("office:annual_report", args=[report.pk]), _sections(report, overview=fixed)
    )
    report.refresh_from_db()
    assert report.findings == [] and report.status == workflow.DRAFT
    act(writer, "check")
    report.refresh_from_db()
    act(writer, "finalise")  # an editor may not finalise
    report.refresh_from_db()
    assert report.status == workflow.CHECKED
    act(boss, "finalise")
    report.refresh_from_db()
    assert report.status == workflow.FINALISED and report.cells["applications.new.total"] == 3
    # Frozen: a later record changes nothing in the finalised report, and the prose is locked.
    factories.case(agency, date(2025, 6, 2), on=TODAY)
    assert Application.objects.filter(received_on__year=2025).count() == 4
    page = writer.get(reverse("office:annual_report", args=[report.pk])).content.decode()
    assert f'<a href="{cell}">3</a>' in page and "已定稿的年度报告不能修改" in page
    writer.post(
        reverse("office:annual_report", args=[report.pk]), _sections(report, problems="改动")
    )
    report.refresh_from_db()
    assert report.sections["problems"] != "改动"
    # Reopened only by the head, with a reason; then the tables follow the records again.
    act(boss, "reopen", reason="")
    report.refresh_from_db()
    assert report.status == workflow.FINALISED
    act(boss, "reopen", reason="补录一件6月收到的申请")
    report.refresh_from_db()
    assert report.status == workflow.DRAFT and report.cells is None
    assert (
        ReportEvent.objects.filter(report=report, action="reopen").get().note
        == "补录一件6月收到的申请"
    )
    assert (
        _client(outsider).get(reverse("office:annual_report", args=[report.pk])).status_code == 404
    )


def test_a_published_report_cannot_be_edited(office) -> None:  # type: ignore[no-untyped-def]
    agency, editor, head, _ = office
    writer, boss = _client(editor), _client(head)
    writer.post(reverse("office:annual_reports"), {"agency": agency.pk, "year": 2025})
    report = AnnualReport.objects.get()
    for client, action in ((writer, "check"), (boss, "finalise"), (writer, "publish")):
        report.refresh_from_db()
        client.post(
            reverse("office:annual_act", args=[report.pk, action]), {"version": report.version}
        )
    report.refresh_from_db()
    # Submitted as an item of the 年报 column, with its PDF, into 保密审查 like any other item.
    item = report.publication
    assert report.status == workflow.PUBLISHING and item.column.slug == "nb"
    assert item.status == "submitted" and item.attachments.get().kind == "pdf"
    assert item.title == str(report) and "<table" in item.body  # the tables in the page
    reviewer = factories.staff(agency, Role.REVIEWER)
    item = publishing.act(reviewer, item, "approve", item.version, note="同意公开")
    publishing.act(editor, item, "publish", item.version)
    report.refresh_from_db()
    assert report.status == workflow.PUBLISHED and report.published_at is not None
    assert report.events.last().action == "published"
    before = dict(report.sections)
    page = writer.post(
        reverse("office:annual_report", args=[report.pk]), _sections(report, other="改动")
    ).content.decode()
    assert "不能修改" in page
    report.refresh_from_db()
    assert report.sections == before
    stale = writer.post(
        reverse("office:annual_act", args=[report.pk, "reopen"]), {"version": 1, "reason": "x"}
    )
    assert stale.status_code == 302
    report.refresh_from_db()
    assert report.status == workflow.PUBLISHED  # an editor cannot reopen; nor a stale page
    for fmt in ("json", "xlsx", "docx"):
        response = writer.get(reverse("office:annual_export", args=[report.pk, fmt]))
        assert response.status_code == 200 and len(response.content) > 100


def test_the_office_is_reminded_of_the_deadline_and_warned_of_copied_prose(office) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from gongkai.annual import services

    agency, editor, _, _ = office
    writer = _client(editor)
    expected = services.due(agency, 2025, None, timezone.localdate())
    page = writer.get(reverse("office:annual_reports")).content.decode()
    assert expected.state == "overdue" and expected.label in page  # a department: 31 January
    writer.post(reverse("office:annual_reports"), {"agency": agency.pk, "year": 2025})
    report = AnnualReport.objects.get()
    page = writer.get(reverse("office:annual_report", args=[report.pk])).content.decode()
    assert "内容雷同提醒" not in page
    AnnualReport.objects.create(agency=agency, year=2024, sections=report.sections)
    page = writer.get(reverse("office:annual_report", args=[report.pk])).content.decode()
    assert "一、总体情况与上一年度报告的相似度为100%" in page


def test_an_earlier_published_report_is_imported_for_the_carry_over_checks(office) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.reports.tests.conftest import SEED

    agency, editor, _, _ = office
    writer = _client(editor)
    url = reverse("office:annual_reports")
    bad = SimpleUploadedFile("年报.pdf", b"not a pdf at all")
    page = writer.post(url, {"import": "1", "agency": agency.pk, "file": bad}).content.decode()
    assert "无法读取这个文件" in page and not AnnualReport.objects.exists()
    seed = SimpleUploadedFile(SEED.name, SEED.read_bytes())
    page = writer.post(url, {"import": "1", "agency": agency.pk, "file": seed})
    imported = AnnualReport.objects.get()
    assert (imported.year, imported.status) == (2021, workflow.PUBLISHED)
    assert imported.cells["applications.new.total"] == 38
    assert imported.events.get().action == "imported"
    again = SimpleUploadedFile(SEED.name, SEED.read_bytes())
    page = writer.post(url, {"import": "1", "agency": agency.pk, "file": again}).content.decode()
    assert "2021年度的年度报告已经存在" in page
    # The 2022 report built from the records is held against it: the seed carried nothing out,
    # so a case carried into 2022 from 2021 contradicts the published report.
    factories.case(agency, date(2021, 12, 28), on=TODAY)
    writer.post(url, {"agency": agency.pk, "year": 2022})
    report = AnnualReport.objects.get(year=2022)
    assert "CARRY_OVER_MISMATCH" in {f["code"] for f in report.findings}


def test_the_head_of_a_government_sees_every_report_below_and_their_sums(office) -> None:  # type: ignore[no-untyped-def]
    from gongkai.orgs.models import AgencyKind

    agency, editor, _, _ = office
    government = factories.agency("某区人民政府", kind=AgencyKind.GOVERNMENT)
    finance = factories.agency("某区财政局", parent=government)
    agency.parent = government
    agency.save()
    from gongkai.orgs.services import place

    place(agency)
    for number in range(2):
        case = factories.case(finance, date(2025, 5, 5 + number), on=TODAY)
        cases.decide(case, SYSTEM, on=date(2025, 5, 20), outcome="granted", today_=TODAY)
    _client(editor).post(reverse("office:annual_reports"), {"agency": agency.pk, "year": 2025})
    boss = _client(factories.staff(government, Role.HEAD))
    page = boss.get(reverse("office:annual_rollup"), {"year": 2025}).content.decode()
    assert "某区财政局</th><td>未开始</td>" in page
    assert "高新区党政办公室</a></th><td>草稿</td><td>0</td>" in page
    assert "合计（1份报告" in page
    # The sum counts the one report begun: its 3 cases, not the finance bureau's 2.
    assert 'data-cell="applications.new.total">3</td>' in page
    assert _client(editor).get(reverse("office:annual_rollup")).status_code == 403


def test_two_editors_saving_the_same_version_lose_nothing(office) -> None:  # type: ignore[no-untyped-def]
    agency, editor, head, _ = office
    writer, other = _client(editor), _client(head)
    writer.post(reverse("office:annual_reports"), {"agency": agency.pk, "year": 2025})
    report = AnnualReport.objects.get()
    seen = _sections(report)  # both opened the page at this version
    assert writer.post(page_url(report), {**seen, "other": "第一位的修改"}).status_code == 302
    page = other.post(page_url(report), {**seen, "other": "第二位的修改"}).content.decode()
    assert "年度报告已被他人修改，请刷新页面后再操作" in page
    report.refresh_from_db()
    assert report.sections["other"] == "第一位的修改"
    assert (
        other.get(reverse("office:annual_cell", args=[report.pk, "no.such.cell"])).status_code
        == 404
    )
    assert other.get(reverse("office:annual_export", args=[report.pk, "exe"])).status_code == 404
    page = other.post(
        reverse("office:annual_act", args=[report.pk, "launch"]),
        {"version": report.version},
        follow=True,
    ).content.decode()
    assert "未知的操作" in page


def test_prose_the_records_have_since_contradicted_blocks_finalising(office) -> None:  # type: ignore[no-untyped-def]
    agency, editor, head, _ = office
    writer, boss = _client(editor), _client(head)
    writer.post(reverse("office:annual_reports"), {"agency": agency.pk, "year": 2025})
    report = AnnualReport.objects.get()
    assert "政府信息公开申请均在法定期限内答复" in report.sections["problems"]
    # After the draft was written, a reply is found to have been served late.
    Application.objects.filter(agency=agency).update(met_deadline=False)
    page = writer.get(page_url(report)).content.decode()
    assert "正文称“均在法定期限内答复”，但记录中有3件申请逾期答复" in page
    act = lambda client, action: client.post(  # noqa: E731
        reverse("office:annual_act", args=[report.pk, action]), {"version": report.version}
    )
    act(writer, "check")
    report.refresh_from_db()
    refused = boss.post(
        reverse("office:annual_act", args=[report.pk, "finalise"]),
        {"version": report.version},
        follow=True,
    ).content.decode()
    report.refresh_from_db()
    assert report.status == workflow.CHECKED and "请修改正文后再定稿" in refused
