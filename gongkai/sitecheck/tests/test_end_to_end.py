"""A site with five planted problems, checked for real (its pages crawled over HTTP by the live
server): one run finds exactly those five, the head makes a task of each from the run's page,
the data is fixed, and the next run closes every task."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services as cases
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.audit.models import RegisterEvent
from gongkai.calendar import services as calendar_services
from gongkai.core.workflow import SystemActor
from gongkai.orgs import services as org_services
from gongkai.orgs.models import Agency, Role
from gongkai.publishing.models import Attachment, Column, Publication
from gongkai.sitecheck import services
from gongkai.sitecheck.models import Run, SensitiveTerm, Task

SYSTEM = SystemActor("测试数据")  # records decided by the platform, as a register import

# The planted items and cases are dated from today, and the rules count days back from it: a
# Tuesday morning, so the findings do not depend on the day or the hour the test runs.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.time_machine(NOW)]
ID_NUMBER = "11010519491231002X"  # the standard's example, with a valid check digit
EMPTY, STALE = "yjgl", "gzdt"
IDENTITY = {
    "sponsor": "洛阳高新技术产业开发区管理委员会",
    "contact": "0379-12345678",
    "site_code": "4103000001",
    "icp": "豫ICP备12345678号-1",
    "police": "豫公网安备 41030502000123号",
}


def _publish(
    column: Column, title: str, days_ago: int, body: str = "正文。", **kw: Any
) -> Publication:
    moment = NOW - timedelta(days=days_ago)
    return Publication.objects.create(
        agency=column.agency,
        column=column,
        title=title,
        publisher=column.agency.name,
        written_on=timezone.localtime(moment).date(),
        published_at=moment,
        publish_workdays=0,
        status="published",
        body=f"<p>{body}</p>",
        body_text=body,
        **kw,
    )


def _plant(agency: Agency) -> dict[str, Any]:
    columns = {c.slug: c for c in Column.objects.filter(agency=agency)}
    parents = {c.parent_id for c in columns.values()}
    for slug, column in columns.items():
        if column.pk in parents or slug in (EMPTY, "gfxwj", "zcjd"):
            continue
        _publish(column, f"{column.name}的信息", 30 if slug == STALE else 1)
    document = _publish(columns["gfxwj"], "关于印发某办法的通知", 2)
    _publish(columns["zcjd"], "某办法解读", 2, interprets=document)
    notice = _publish(columns["tzgg"], "补贴发放公示", 3, body=f"领取人身份证号{ID_NUMBER}。")
    with_files = _publish(columns["tzgg"], "附件齐全的通知", 1)
    default_storage.save("attachments/ok.txt", ContentFile("附件内容".encode()))
    Attachment.objects.create(publication=with_files, file="attachments/ok.txt", name="说明.txt",
                              size=12, kind="txt")  # fmt: skip
    broken = Attachment.objects.create(publication=with_files, file="attachments/gone.txt",
                                       name="缺失.txt", size=12, kind="txt")  # fmt: skip
    overdue = factories.case(agency, TODAY - timedelta(days=60))
    org_services.update_website(SYSTEM, IDENTITY, version=0)  # the footer is complete
    return {"columns": columns, "notice": notice, "broken": broken, "overdue": overdue}


def _announce_the_calendar(agency: Agency) -> None:
    """This year's and next year's holiday notices as if loaded (the arrangement in force), so
    that the run is about the planted problems, whatever the day (from October next year's
    calendar is otherwise only predicted: a 提示 of its own, tested in test_rules)."""
    admin = factories.staff(agency, Role.ADMIN)
    today = TODAY
    for year in (today.year, today.year + 1):
        arrangement = calendar_services.in_force(year)
        assert arrangement is not None
        calendar_services.load_year(
            year, "测试", arrangement.holidays.items(), arrangement.workdays.items(), actor=admin
        )


def test_a_run_finds_the_planted_problems_and_the_next_closes_their_tasks(
    live_server: Any, office: Any, settings: Any
) -> None:
    settings.SITECHECK_BASE_URL = live_server.url
    agency = office.agency
    head = factories.staff(agency, Role.HEAD)
    _announce_the_calendar(agency)
    planted = _plant(agency)
    columns, broken, overdue = planted["columns"], planted["broken"], planted["overdue"]

    client = Client()
    client.force_login(head)
    page = client.post(
        reverse("office:sitecheck_start"), {"agency": agency.pk, "crawl": "1"}, follow=True
    )
    assert "检查已完成" in page.content.decode()
    run = Run.objects.get(agency=agency)
    assert run.status == Run.DONE and run.stats["crawl_pages"] > 10
    assert sorted((f.code, f.subject) for f in run.findings.all()) == sorted(
        [
            ("EMPTY_COLUMN", f"column:{columns[EMPTY].pk}"),
            ("COLUMN_NOT_UPDATED", f"column:{columns[STALE].pk}"),
            ("BROKEN_ATTACHMENT", f"url:/xxgk/attachment/{broken.pk}/"),
            ("PERSONAL_DATA", f"item:{planted['notice'].pk}"),
            ("CASE_OVERDUE", f"case:{overdue.pk}"),
        ]
    )
    dashboard = client.get(reverse("office:sitecheck"), {"agency": agency.pk}).content.decode()
    assert "链接可用性" in dashboard and "有问题" in dashboard
    assert (
        ID_NUMBER not in client.get(reverse("office:sitecheck_run", args=[run.pk])).content.decode()
    )

    # A task for each finding, made from the run's page by the head.
    due = (TODAY + timedelta(days=7)).isoformat()
    for finding in run.findings.all():
        response = client.post(
            reverse("office:sitecheck_task_new", args=[finding.pk]),
            {"owner": office.editor.pk, "due_on": due, "note": "请整改"},
        )
        assert response.status_code == 302, response.content.decode()
    assert Task.objects.filter(agency=agency, status=Task.OPEN).count() == 5
    again = client.post(
        reverse("office:sitecheck_task_new", args=[run.findings.first().pk]),  # type: ignore[union-attr]
        {"owner": office.editor.pk, "due_on": due},
    )
    assert "这个问题已有整改任务" in again.content.decode()

    # Fix the data, check again: every task closes itself.
    _publish(columns[EMPTY], "应急预案", 0)
    _publish(columns[STALE], "新的工作动态", 0)
    default_storage.save(broken.file.name, ContentFile("补上的附件".encode()))
    Publication.objects.filter(pk=planted["notice"].pk).update(
        body="<p>领取人身份证号110105********002X。</p>",
        body_text="领取人身份证号110105********002X。",
    )
    today = TODAY
    case = cases.decide(overdue, SYSTEM, on=today, outcome="granted", today_=today)
    cases.serve(case, SYSTEM, on=today, method="direct", today_=today)
    settings.SITECHECK_MAX_PAGES = 1  # a crawl that stops early still asks for the broken links
    client.post(reverse("office:sitecheck_start"), {"agency": agency.pk, "crawl": "1"})
    second = Run.objects.filter(agency=agency).first()
    assert second is not None and second.pk != run.pk
    assert list(second.findings.values_list("code", flat=True)) == []
    assert second.stats["crawl_complete"] is False
    closed = Task.objects.filter(agency=agency, status=Task.CLOSED, closed_by=second)
    assert closed.count() == 5
    assert RegisterEvent.objects.filter(agency=agency, what="整改任务").count() == 10
    assert Application.objects.get(pk=overdue.pk).served_on == today


def test_a_run_without_the_crawl_leaves_link_tasks_open_and_a_waiver_needs_a_reason(
    office: Any,
) -> None:
    agency = office.agency
    head = factories.staff(agency, Role.HEAD)
    planted = _plant(agency)
    SensitiveTerm.objects.create(term="身份证号", note="示例词", source="测试词表")
    run = services.queue(agency, Run.MANUAL, actor=head, crawl=False)
    run.refresh_from_db()
    codes = sorted(run.findings.values_list("code", flat=True))
    assert "BROKEN_ATTACHMENT" not in codes and "SENSITIVE_TERM" in codes
    assert run.stats["lights"]["links"] == "grey"
    link_run = Run.objects.create(agency=agency, trigger=Run.MANUAL, checked_on=TODAY)
    finding = link_run.findings.create(
        code="BROKEN_ATTACHMENT", severity="error", indicator="links",
        subject=f"url:/xxgk/attachment/{planted['broken'].pk}/", message="附件无法打开",
    )  # fmt: skip
    task = services.open_task(head, finding, office.editor, TODAY, "")
    services.queue(agency, Run.MANUAL, crawl=False)
    task.refresh_from_db()
    assert task.status == Task.OPEN  # links were not checked: the problem may still be there

    client = Client()
    client.force_login(office.editor)  # not the head: may see, may not waive
    page = client.post(reverse("office:sitecheck_task", args=[task.pk]),
                       {"reason": "不需要", "version": task.version})  # fmt: skip
    assert page.status_code == 403
    assert "只有公开办负责人或系统管理员可以豁免整改任务" in page.content.decode()
    client.force_login(head)
    page = client.post(reverse("office:sitecheck_task", args=[task.pk]),
                       {"reason": "", "version": task.version})  # fmt: skip
    assert "请填写豁免理由" in page.content.decode()
    client.post(reverse("office:sitecheck_task", args=[task.pk]),
                {"reason": "附件已撤下，链接不再出现", "version": task.version})  # fmt: skip
    task.refresh_from_db()
    assert (task.status, task.waived_reason) == (Task.WAIVED, "附件已撤下，链接不再出现")
    stale = client.post(reverse("office:sitecheck_task", args=[task.pk]),
                        {"reason": "再豁免一次", "version": 1})  # fmt: skip
    assert "任务已被他人修改或已关闭" in stale.content.decode()

    outsider = Client()
    outsider.force_login(office.outsider)
    assert outsider.get(reverse("office:sitecheck_task", args=[task.pk])).status_code == 404
    assert outsider.get(reverse("office:sitecheck_run", args=[run.pk])).status_code == 404
    for fmt in ("html", "docx", "pdf"):
        month = TODAY.strftime("%Y-%m")
        response = client.get(
            reverse("office:sitecheck_report", args=[month, fmt]), {"agency": agency.pk}
        )
        assert response.status_code == 200 and len(response.content) > 1000, fmt
    shown = client.get(
        reverse("office:sitecheck_report", args=[month, "html"]), {"agency": agency.pk}
    )
    html = shown.content.decode()
    assert "附件已撤下" in html and "单项否决" in html
    # Shown as a page, its <style> runs by the response's nonce, and nothing else inline does.
    nonce = re.search(r'<style nonce="([^"]+)">', html)
    assert nonce and f"'nonce-{nonce[1]}'" in shown["Content-Security-Policy"]
    assert (
        client.get(reverse("office:sitecheck_report", args=["2026-13", "pdf"])).status_code == 404
    )

    # The head keeps the agency's 错敏词, each with its source; both changes are audited.
    terms_url = reverse("office:sitecheck_terms")
    page = client.post(terms_url, {"agency": agency.pk, "term": "依法制国", "source": ""})
    assert "请注明词表来源" in page.content.decode()
    client.post(terms_url, {"agency": agency.pk, "term": "依法制国", "note": "应为依法治国",
                            "source": "市政府办公室通报"})  # fmt: skip
    again = client.post(terms_url, {"agency": agency.pk, "term": "依法制国",
                                    "source": "市政府办公室通报"})  # fmt: skip
    assert "词表中已有这个词" in again.content.decode()
    term = SensitiveTerm.objects.get(agency=agency, term="依法制国")
    client.post(terms_url, {"agency": agency.pk, "remove": term.pk})
    assert not SensitiveTerm.objects.filter(agency=agency).exists()
    assert RegisterEvent.objects.filter(agency=agency, what="错敏词").count() == 2
    editor = Client()
    editor.force_login(office.editor)
    denied = editor.post(terms_url, {"agency": agency.pk, "term": "某词", "source": "某"})
    assert denied.status_code == 403


def test_a_crawl_stopped_at_its_page_limit_closes_only_the_link_tasks_it_rechecked(
    office: Any,
) -> None:
    agency = office.agency
    head = factories.staff(agency, Role.HEAD)
    found_by = Run.objects.create(agency=agency, trigger=Run.MANUAL, checked_on=TODAY)
    finding = found_by.findings.create(
        code="BROKEN_LINK", severity="error", indicator="links",
        subject="url:/xxgk/item/9/", message="页面无法打开",
    )  # fmt: skip
    task = services.open_task(head, finding, office.editor, TODAY, "")
    for complete, answered, status in (
        (False, set(), Task.OPEN),  # not reached: may still be broken
        (False, {"url:/xxgk/item/9/"}, Task.CLOSED),  # asked for again and answered
    ):
        later = Run.objects.create(agency=agency, trigger=Run.DAILY, checked_on=TODAY,
                                   stats={"crawl_complete": complete})  # fmt: skip
        services._close_resolved(later, set(), answered)
        task.refresh_from_db()
        assert task.status == status
    second = services.open_task(head, finding, office.editor, TODAY, "")
    complete = Run.objects.create(agency=agency, trigger=Run.DAILY, checked_on=TODAY,
                                  stats={"crawl_complete": True})  # fmt: skip
    services._close_resolved(complete, set())
    second.refresh_from_db()
    assert second.status == Task.CLOSED  # a whole crawl that did not find it


def test_each_missing_footer_field_is_found_until_an_administrator_sets_it(office: Any) -> None:
    agency = office.agency
    head = factories.staff(agency, Role.HEAD)
    org_services.update_website(SYSTEM, {"sponsor": IDENTITY["sponsor"]}, version=0)
    run = services.queue(agency, Run.MANUAL, actor=head, crawl=False)
    found = run.findings.filter(code="SITE_IDENTITY_MISSING").order_by("pk")
    assert sorted((f.severity, f.subject) for f in found) == [
        ("error", f"website:{name}") for name in ("contact", "icp", "police", "site_code")
    ]
    assert found[0].link == reverse("office:system_website")
    task = services.open_task(head, found[0], head, TODAY, "请补充联系方式")
    org_services.update_website(SYSTEM, IDENTITY, version=1)
    again = services.queue(agency, Run.MANUAL, actor=head, crawl=False)
    assert not again.findings.filter(code="SITE_IDENTITY_MISSING").exists()
    task.refresh_from_db()
    assert task.status == Task.CLOSED  # the next run no longer finds it
