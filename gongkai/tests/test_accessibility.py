"""WCAG 2.1 AA, checked by axe-core in a real browser (Debian's Chromium, headless) on every kind
of page a user meets: public pages, the report checker and its result, and the back office."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection

from gongkai.applications.tests import factories
from gongkai.orgs.models import Role
from gongkai.reports.tests.conftest import GOLDEN

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The server (live-server thread included) on a pinned clock, so the cases, items and tasks dated
# from today are the same whenever the audit runs; Chromium keeps the real clock (cookies carry
# Max-Age, which the browser counts from its own now). The faketime pass leaves these out.
# Every browser test: the pages are the same HTML on either database. On PostgreSQL a
# live-server thread's connection outlives the browser and blocks dropping the test database at
# the end of the run (a teardown warning, and a stale test database), so they run on SQLite.
BROWSER_MARKS = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="browser tests run on SQLite"),
]
pytestmark = [
    *BROWSER_MARKS,
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop; undone after the test, so no later test (the
    # deployment check) inherits it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        opened = browser.new_page

        def new_page(*args: Any, **kwargs: Any) -> Any:
            """A page that remembers what the Content-Security-Policy refused (Chromium says so
            on the console), for `_audit` to fail on."""
            page = opened(*args, **kwargs)
            page.refused = []
            page.on(
                "console",
                lambda message: (
                    "Content Security Policy" in message.text and page.refused.append(message.text)
                ),
            )
            return page

        browser.new_page = new_page
        yield browser
        browser.close()


def _audit(page: Any, where: str) -> None:
    assert page.refused == [], f"{where}: the security policy refused {page.refused}"
    results = Axe().run(page, options=WCAG_AA)
    violations = results.response["violations"]
    assert violations == [], f"{where}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def test_public_pages_and_checker(live_server: Any, browser: Any) -> None:
    factories.agency("某市生态环境局", office_name="政务公开科", phone="0379-1111")
    page = browser.new_page()
    for path in ("/", "/apply/", "/track/", "/reports/check/", "/accounts/login/", "/api/"):
        page.goto(live_server.url + path)
        _audit(page, path)
    page.goto(live_server.url + "/apply/")
    page.click("button[type=submit]")  # an empty submission: errors announced, still accessible
    assert page.locator("[role=alert]").count() > 0
    _audit(page, "/apply/ with errors")
    page.goto(live_server.url + "/reports/check/")
    page.set_input_files("#id_file", str(GOLDEN / "hongze-district-2024.pdf"))
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('核对结果')")
    _audit(page, "check result")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"


def test_back_office(live_server: Any, browser: Any) -> None:
    agency = factories.agency("某县财政局")
    head = factories.staff(agency, Role.HEAD, username="head")
    head.set_password("accessible-pass-1")
    head.save()
    factories.staff(agency, Role.HANDLER)
    from django.utils import timezone

    case = factories.case(agency, timezone.localdate(), on=timezone.localdate())
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "head")
    page.fill("#id_password", "accessible-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/office/")
    for path in (
        "/office/",
        f"/office/cases/{case.pk}/",
        f"/office/cases/{case.pk}/?explain=1",
        "/office/cases/new/",
        "/office/statistics/",
        "/office/calendar/",
        "/office/templates/",
        "/office/register/import/",
        f"/office/templates/{agency.pk}/reply/",
    ):
        page.goto(live_server.url + path)
        _audit(page, path)


def test_disclosure_platform_and_publishing(live_server: Any, browser: Any, office: Any) -> None:
    from gongkai.demo import publishing as demo
    from gongkai.publishing.models import Publication
    from gongkai.search import services as search

    demo.load(office.agency, plan=(("yw", 4), ("gzdt", 4), ("gfxwj", 1), ("tzgg", 3)), recent=6)
    search.rebuild()
    item = Publication.objects.visible().filter(agency=office.agency).first()
    assert item is not None
    agency = office.agency.pk
    page = browser.new_page()
    for path in (
        f"/xxgk/{agency}/",
        f"/xxgk/{agency}/catalogue/?year=2021",
        f"/xxgk/{agency}/guide/",
        f"/xxgk/{agency}/reports/",
        f"/xxgk/column/{item.column_id}/",
        f"/xxgk/item/{item.pk}/",
        "/search/?q=营商环境",
        "/search/?q=的",
    ):
        page.goto(live_server.url + path)
        _audit(page, path)
    page.goto(live_server.url + "/search/")
    page.click("text=大字号")
    assert page.evaluate("document.body.className") == "large-text"
    _audit(page, "large text")
    from gongkai.orgs.services import add_member
    from gongkai.publishing.models import NormativeDocument

    add_member(office.editor, office.agency, Role.HEAD)  # also sees the settings page
    office.editor.set_password("accessible-pass-1")
    office.editor.save()
    document = NormativeDocument.objects.filter(agency=office.agency).first()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "accessible-pass-1")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    draft = Publication.objects.create(
        agency=office.agency, column=item.column, title="草稿：手机13812341234", publisher="x",
        written_on=item.written_on, body="<p>联系电话13812341234</p>",
        body_text="联系电话13812341234",
    )  # fmt: skip
    for path in (
        "/office/publications/",
        "/office/publications/new/",
        f"/office/publications/{draft.pk}/",
        f"/office/publications/{item.pk}/",
        "/office/normative/?year=2021",
        "/office/figures/?year=2021",
        "/office/timeliness/",
        f"/office/normative/{document.pk}/",
        "/office/publishing/settings/",
        f"/office/publishing/columns/{item.column_id}/",
    ):
        page.goto(live_server.url + path)
        _audit(page, path)
    # The annual report and the disputes register (the editor is made a case handler too).
    from datetime import date

    from gongkai.annual import services as reports
    from gongkai.disputes.models import Dispute

    add_member(office.editor, office.agency, Role.HANDLER)
    report = reports.start(office.agency, 2021, office.editor)
    dispute = Dispute.objects.create(
        agency=office.agency, kind="reconsideration", body="洛阳市人民政府",
        case_number="洛政复〔2021〕1号", filed_on=date(2021, 3, 1),
    )  # fmt: skip
    for path in (
        "/office/reports/",
        f"/office/reports/{report.pk}/",
        f"/office/reports/{report.pk}/cell/applications.new.total/",
        "/office/reports/rollup/?year=2021",
        "/office/disputes/?year=2021",
        f"/office/disputes/{dispute.pk}/",
    ):
        page.goto(live_server.url + path)
        _audit(page, path)
    # The website self-check, as the head sees it (forms for tasks and terms included).
    from django.utils import timezone

    from gongkai.sitecheck import services as sitecheck
    from gongkai.sitecheck.models import Run

    add_member(office.editor, office.agency, Role.HEAD)
    run = sitecheck.queue(office.agency, Run.MANUAL, crawl=False)
    finding = run.findings.first()
    assert finding is not None
    task = sitecheck.open_task(office.editor, finding, office.editor, timezone.localdate(), "")
    month = timezone.localdate().strftime("%Y-%m")
    for path in (
        "/office/sitecheck/",
        f"/office/sitecheck/runs/{run.pk}/",
        f"/office/sitecheck/findings/{finding.pk}/task/",
        "/office/sitecheck/tasks/",
        f"/office/sitecheck/tasks/{task.pk}/",
        "/office/sitecheck/terms/",
        f"/office/sitecheck/report/{month}.html?agency={office.agency.pk}",
    ):
        page.goto(live_server.url + path)
        _audit(page, path)


def test_work_register(live_server: Any, browser: Any, settings: Any, tmp_path: Any) -> None:
    """The 政务公开工作台账's pages, as a head sees them (a record of each kind, a material, a
    whole-year row, and the import's errors)."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.core.tests.files import pdf
    from gongkai.worklog import services as worklog
    from gongkai.worklog.models import Account, Activity, Venue, WebsiteEvent

    settings.MEDIA_ROOT = tmp_path
    agency = factories.agency("某县财政局")
    head = factories.staff(agency, Role.HEAD, username="head")
    head.set_password("accessible-pass-1")
    head.save()
    activity = worklog.keep(head, Activity(
        agency=agency, kind="training", held_on=date(2026, 3, 5), topic="政务公开业务培训",
        participants=40,
    ))  # fmt: skip
    worklog.add_material(head, activity, "课件", SimpleUploadedFile("课件.pdf", pdf("Slides")))
    venue = worklog.keep(head, Venue(
        agency=agency, kind="zone", name="政务公开专区", level="county", opened_on=date(2021, 6, 1)
    ))  # fmt: skip
    event = worklog.keep(head, WebsiteEvent(agency=agency, kind="relaunch", happened_on=date(2025, 9, 30)))  # fmt: skip
    account = worklog.keep(head, Account(agency=agency, platform="wechat", name="某县财政", sponsor="某县财政局"))  # fmt: skip
    worklog.save_figure(head, account, 2025, 0, 1210, None, 80211, "年报")
    worklog.save_figure(head, account, 2026, 1, 96, 22, 35120, "后台")
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "head")
    page.fill("#id_password", "accessible-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/office/")
    for path in (
        "/office/worklog/",
        "/office/worklog/activities/?year=2026",
        "/office/worklog/activities/new/",
        f"/office/worklog/activities/{activity.pk}/",
        "/office/worklog/venues/",
        "/office/worklog/venues/new/",
        f"/office/worklog/venues/{venue.pk}/",
        "/office/worklog/website/",
        "/office/worklog/website/new/",
        f"/office/worklog/website/{event.pk}/",
        "/office/worklog/accounts/?year=2026",
        "/office/worklog/accounts/new/",
        f"/office/worklog/accounts/{account.pk}/",
        f"/office/worklog/accounts/{account.pk}/figures/?year=2026",
        f"/office/worklog/accounts/{account.pk}/figures/?year=2025",
        "/office/worklog/accounts/import/",
    ):
        page.goto(live_server.url + path)
        _audit(page, path)
    # Errors announced: an empty record, a bad month, a bad import line.
    page.goto(live_server.url + "/office/worklog/venues/new/")
    page.click("button:has-text('登记')")
    assert page.locator("[role=alert]").count() > 0
    _audit(page, "venue with errors")
    page.goto(live_server.url + f"/office/worklog/accounts/{account.pk}/figures/?year=2026")
    page.fill("#id_m2_issues", "3")
    page.click("button:has-text('保存2026年数据')")
    assert page.locator("[role=alert]").count() > 0
    _audit(page, "figures with errors")
    bad = tmp_path / "数据.csv"
    bad.write_text("某县财政,2026,13,,5,,\n", encoding="utf-8")
    page.goto(live_server.url + "/office/worklog/accounts/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('导入')")
    page.wait_for_selector("text=第1行")
    _audit(page, "import with errors")
