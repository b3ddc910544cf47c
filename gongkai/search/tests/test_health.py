"""A search index that is empty or stale is never silent: `/healthz/search` says so, staff see
a banner, the public search page says the index is being rebuilt instead of "0 results", and
the daily task (not a page view) queues the rebuild that puts it right."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import Column, Publication
from gongkai.search import health
from gongkai.search import services as search
from gongkai.sitecheck import tasks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]


@pytest.fixture
def published(office: Any, search_index: None) -> list[Publication]:
    """Two published items the index has not been told about (as after a restore)."""
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    common = {"agency": office.agency, "column": column, "publisher": office.agency.name,
              "written_on": date(2026, 1, 5), "published_at": timezone.now() - timedelta(days=1),
              "status": "published", "body": "<p>正文</p>", "body_text": "正文"}  # fmt: skip
    titles = ("高新区召开安全生产工作会议", "安全生产检查通报")
    return [
        Publication.objects.create(title=title, index_number=f"GX-0000{n}", **common)
        for n, title in enumerate(titles, 1)
    ]


def _health(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get(reverse("search_health"))
    return response.status_code, response.json()


def test_an_empty_index_is_reported_and_the_daily_task_rebuilds_it(
    published: list[Publication], office: Any, settings: Any
) -> None:
    client = Client()
    status, body = _health(client)
    assert status == 503
    assert (body["state"], body["indexed"], body["published"]) == ("empty", 0, 2)
    assert "全文检索索引为空" in body["message"]
    assert client.get(reverse("health")).content == b"ok"  # the trivial check stays trivial

    # The public page: not "0 results" but the truth, and not kept in the page cache.
    page = client.get(reverse("portal:search"), {"q": "安全生产"})
    text = page.content.decode()
    assert "索引正在重建" in text and "没有找到包含这些词的信息" not in text
    assert "条结果" not in text and "no-store" in page["Cache-Control"]

    # Staff see a banner on their pages.
    editor = Client()
    editor.force_login(office.editor)
    assert "全文检索索引为空（已索引 0 条，应有 2 条）" in editor.get("/office/").content.decode()

    # The daily task queues the rebuild; until the worker has run it, it is "rebuilding".
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    tasks.daily.call()
    assert DBTaskResult.objects.filter(task_path=health.rebuild.module_path).count() == 1
    assert _health(client)[1]["state"] == "rebuilding"
    assert (
        "索引正在重建" in client.get(reverse("portal:search"), {"q": "安全生产"}).content.decode()
    )
    DBTaskResult.objects.filter(task_path=tasks.run_check.module_path).delete()  # not ours
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    status, body = _health(client)
    assert status == 200 and body["state"] == "ok" and body["indexed"] == 2
    page = client.get(reverse("portal:search"), {"q": "安全生产"}).content.decode()
    assert "找到 <strong>2</strong> 条结果" in page and "索引正在重建" not in page
    assert "全文检索索引" not in editor.get("/office/").content.decode()  # banner gone


def test_a_stale_index_is_reported_and_results_say_they_may_be_incomplete(
    published: list[Publication],
) -> None:
    search.sync([published[0].pk])  # the other one's sync "failed"
    client = Client()
    status, body = _health(client)
    assert status == 503 and (body["state"], body["indexed"]) == ("stale", 1)
    page = client.get(reverse("portal:search"), {"q": "安全生产"}).content.decode()
    assert "找到 <strong>1</strong> 条结果" in page and "结果可能不完整" in page
    assert health.rebuild_if_needed().state == "stale"  # immediate backend: rebuilt already
    assert _health(client) == (200, {**_health(client)[1], "state": "ok", "indexed": 2})


def test_an_index_built_with_an_older_dictionary_is_stale(
    published: list[Publication], settings: Any
) -> None:
    search.sync([p.pk for p in published])
    assert health.check().ok
    engine = search.engine()
    (engine.path / "dictionary-version").write_text("an older dictionary")
    found = health.check()
    assert found.state == "stale" and "旧版词典" in found.message


def test_nothing_published_and_nothing_indexed_is_healthy(office: Any, search_index: None) -> None:
    assert _health(Client()) == (200, {**_health(Client())[1], "state": "ok", "indexed": 0})
