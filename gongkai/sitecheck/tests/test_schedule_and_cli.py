"""The daily schedule in the database queue, the command line, and what the crawler follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from gongkai import cli
from gongkai.applications.tests import factories
from gongkai.sitecheck import tasks
from gongkai.sitecheck.crawl import _links, _resolve
from gongkai.sitecheck.models import Run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("/xxgk/item/5/", ("/xxgk/item/5/", True)),
        ("../../column/3/?page=2#top", ("/xxgk/column/3/?page=2", True)),
        ("https://www.gov.cn/", ("https://www.gov.cn/", False)),
        ("/office/cases/1/", (None, False)),  # never into the back office
        ("mailto:gk@example.org", (None, False)),
        ("javascript:void(0)", (None, False)),
        ("#main", (None, False)),
    ],
)
def test_what_the_crawler_follows(link: str, expected: tuple[str | None, bool]) -> None:
    assert _resolve("/xxgk/item/1/", link, "127.0.0.1:8000") == expected


def test_links_are_read_from_anchors_images_and_stylesheets_not_feeds() -> None:
    page = (
        b'<html><head><link rel="stylesheet" href="/s.css"><link rel="alternate" href="/rss/">'
        b'</head><body><a href="/a/">a</a><img src="/i.png" alt=""></body></html>'
    )
    assert sorted(_links(page)) == ["/a/", "/i.png", "/s.css"]
    assert _links(b"") == [] and _links(b"\x00\x01 not html") == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 29, 1, 0), datetime(2026, 11, 29, 2, 30)),
        (datetime(2026, 11, 29, 2, 30), datetime(2026, 11, 30, 2, 30)),
        (datetime(2026, 12, 31, 23, 0), datetime(2027, 1, 1, 2, 30)),
    ],
)
def test_the_next_daily_check_is_at_the_configured_local_time(
    settings: Any, now: datetime, expected: datetime
) -> None:
    settings.SITECHECK_DAILY_AT = "02:30"
    got = tasks.next_daily(timezone.make_aware(now))
    assert timezone.localtime(got).replace(tzinfo=None) == expected


def test_the_daily_check_keeps_one_place_in_the_database_queue(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = tasks.schedule()
    assert first is not None and tasks.schedule() is None  # idempotent
    waiting = DBTaskResult.objects.filter(task_path=tasks.daily.module_path, status="READY")
    assert waiting.count() == 1
    agency = factories.agency()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.daily.call()  # what the worker does when the time comes
    assert Run.objects.filter(agency=agency, trigger=Run.DAILY, status=Run.QUEUED).count() == 1
    assert waiting.count() == 1  # the next day's, and only that one
    queued = DBTaskResult.objects.filter(task_path=tasks.run_check.module_path, status="READY")
    assert queued.count() == 1  # the agency's check, for the worker


def test_the_command_line_checks_an_agency_and_says_what_it_found(capsys: Any) -> None:
    from gongkai.publishing.services import platform_of_deleted_agency

    agency = factories.agency(slug="xian-cz")
    # An agency whose platform was never set up (before agencies got theirs on creation).
    platform_of_deleted_agency(agency)
    assert cli.main(["sitecheck", "run", "--agency", "xian-cz", "--no-crawl"]) == 1
    out = capsys.readouterr().out
    # 4 first-level columns missing and the website's 5 footer fields never set (网站标识).
    assert f"{agency.name}：单项否决1项，问题9项" in out
    assert "首页14天内没有更新" in out and "缺少一级栏目“政府信息公开年报”" in out
    assert "网站标识：网站页脚缺少“公安机关备案号”" in out
    assert cli.main(["sitecheck", "run", "--agency", "nowhere", "--no-crawl"]) == 2
    assert "没有机关代码为 nowhere 的机关" in capsys.readouterr().err


def test_old_runs_are_pruned_but_each_months_last_and_those_tasks_name(office: Any) -> None:
    from datetime import date

    from gongkai.sitecheck import services
    from gongkai.sitecheck.models import Finding

    agency = office.agency
    runs = {
        day: Run.objects.create(
            agency=agency, trigger=Run.DAILY, status=Run.DONE, checked_on=date.fromisoformat(day)
        )
        for day in ("2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10", "2026-11-01")
    }
    for run in runs.values():
        run.findings.create(code="EMPTY_COLUMN", severity="warning", indicator="empty",
                            subject="column:1", message="空白")  # fmt: skip
    head = factories.staff(agency, "head")
    services.open_task(head, runs["2024-02-03"].findings.get(), office.editor, date(2026, 12, 1),
                       "", today=date(2026, 11, 29))  # fmt: skip
    assert services.prune(date(2026, 11, 29)) == 1  # 2024-01-05 only
    assert sorted(str(r.checked_on) for r in Run.objects.all()) == [
        "2024-01-20", "2024-02-03", "2024-02-10", "2026-11-01",
    ]  # fmt: skip
    assert Finding.objects.count() == 4
