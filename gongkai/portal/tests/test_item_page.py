"""An item's page reads what it shows and no more: the item with its column and attachments
(one query), then a policy's interpretations. Every page the page cache does not hold pays for
these queries (bench/portal.py's cold items), so their number and their columns are pinned here;
what the public may see of them is the same as before."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import Attachment, Column, Publication

pytestmark = pytest.mark.time_machine(
    datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
)


@pytest.fixture
def policy(office: Any, search_index: None) -> dict[str, Any]:
    agency = office.agency
    now = timezone.now()

    def make(title: str, slug: str, status: str = "published", hours: int = 1, **extra: Any):
        return Publication.objects.create(
            agency=agency, column=Column.objects.get(agency=agency, slug=slug), title=title,
            publisher=agency.name, written_on=date(2026, 1, 5), status=status,
            published_at=now - timedelta(hours=hours), body="<p>正文</p>", body_text="检索用的纯文本",
            index_number=f"GX-{Publication.objects.count() + 1:05d}", **extra,
        )  # fmt: skip

    document = make("关于印发政府信息公开工作办法的通知", "gfxwj", doc_number="洛开管〔2021〕3号")
    attachment = Attachment.objects.create(
        publication=document, file="attachments/a.pdf", name="办法全文.pdf", size=2048,
        kind="pdf", text="附件里抽出的全文",
    )  # fmt: skip
    return {
        "document": document,
        "reading": make("《工作办法》政策解读", "zcjd", interprets=document),
        "draft": make("尚未发布的解读", "zcjd", status="draft", interprets=document),
        "later": make("明天发布的解读", "zcjd", hours=-24, interprets=document),
        "news": make("高新区召开安全生产工作会议", "gzdt"),
        "attachment": attachment,
    }


def test_a_page_not_in_the_page_cache_costs_one_query_and_a_policy_two(
    policy: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = Client()
    # What pages read from the shared cache (the website, the next scheduled item, a column's
    # trail) is read here first.
    for warm in ("news", "reading"):
        assert client.get(reverse("portal:item", args=[policy[warm].pk])).status_code == 200
    # A policy's page: its interpretations too (and its column's trail, read once a minute).
    with django_assert_num_queries(3):
        page = client.get(reverse("portal:item", args=[policy["document"].pk]))
    assert page.status_code == 200
    agency, now = policy["news"].agency, timezone.now()
    others = [
        Publication.objects.create(
            agency=agency, column=column, title=title, publisher="党政办",
            written_on=date(2026, 1, 6), status="published", published_at=now - timedelta(hours=1),
            body="<p>正文</p>",
        )
        for title, column in (
            ("另一条工作动态", policy["news"].column),
            ("没有解读的规范性文件", policy["document"].column),
        )
    ]  # fmt: skip
    # The item with its column and attachments, and whether it has 解读 (a policy without).
    for item in others:
        with django_assert_num_queries(1):
            assert client.get(reverse("portal:item", args=[item.pk])).status_code == 200


def test_the_page_reads_neither_the_search_text_nor_the_files_text(
    policy: dict[str, Any],
) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(reverse("portal:item", args=[policy["document"].pk]))
    assert page.status_code == 200
    sql = "\n".join(q["sql"] for q in queries.captured_queries)
    assert "publishing_attachment" in sql and "publishing_publication" in sql
    assert "body_text" not in sql  # the item's text for search: as long as the body
    assert "a.text" not in sql  # a file's text: megabytes


def test_the_page_shows_what_it_showed_and_only_what_is_public(
    policy: dict[str, Any],
) -> None:
    client = Client()
    page = client.get(reverse("portal:item", args=[policy["document"].pk])).content.decode()
    for shown in (
        "关于印发政府信息公开工作办法的通知", "洛开管〔2021〕3号", "2026年1月5日", "<p>正文</p>",
        "办法全文.pdf", "（PDF，2.0\xa0KB）", reverse("portal:attachment", args=[policy["attachment"].pk]),
        "《工作办法》政策解读", reverse("portal:item", args=[policy["reading"].pk]), "规范性文件",
    ):  # fmt: skip
        assert shown in page, shown
    assert "尚未发布的解读" not in page and "明天发布的解读" not in page
    reading = client.get(reverse("portal:item", args=[policy["reading"].pk])).content.decode()
    assert "解读的文件" in reading
    assert reverse("portal:item", args=[policy["document"].pk]) in reading
    for hidden in ("draft", "later"):
        assert client.get(reverse("portal:item", args=[policy[hidden].pk])).status_code == 404
