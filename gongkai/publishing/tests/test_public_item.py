"""`access.public_item` reads an item's page with plain SQL (no query compiled per page): it
must answer exactly as `Publication.objects.visible()` does, for every status and every time,
and give back what the ORM would (times with their zone, attachments in order)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from gongkai.publishing import workflow
from gongkai.publishing.access import AttachmentLink, ItemLink, public_item
from gongkai.publishing.models import Attachment, Column, Publication

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def items(office: Any) -> dict[str, Publication]:
    agency = office.agency

    def make(name: str, slug: str, status: str, published_at: datetime | None, **extra: Any):
        return Publication.objects.create(
            agency=agency, column=Column.objects.get(agency=agency, slug=slug), title=name,
            publisher=agency.name, written_on=date(2026, 1, 5), status=status,
            published_at=published_at, body=f"<p>{name}</p>", index_number=f"GX-{name}", **extra,
        )  # fmt: skip

    made = {
        "policy": make("policy", "gfxwj", workflow.PUBLISHED, NOW - timedelta(days=2)),
        "news": make("news", "gzdt", workflow.PUBLISHED, NOW - timedelta(seconds=1)),
        "due now": make("due now", "gzdt", workflow.PUBLISHED, NOW),
        "tomorrow": make("tomorrow", "gzdt", workflow.PUBLISHED, NOW + timedelta(days=1)),
        "draft": make("draft", "gzdt", workflow.DRAFT, None),
        "approved": make("approved", "gzdt", workflow.APPROVED, NOW - timedelta(days=1)),
        "withdrawn": make("withdrawn", "gzdt", workflow.WITHDRAWN, NOW - timedelta(days=3)),
    }
    policy = made["policy"]
    for name, hours in (("reading", -3), ("second reading", -1), ("later reading", 5)):
        made[name] = make(
            name, "zcjd", workflow.PUBLISHED, NOW + timedelta(hours=hours), interprets=policy
        )
    made["draft reading"] = make("draft reading", "zcjd", workflow.DRAFT, None, interprets=policy)
    for name in ("b.pdf", "a.docx"):
        Attachment.objects.create(
            publication=policy, file=f"attachments/{name}", name=name, size=1024,
            kind=name.rsplit(".", 1)[1], text="抽出的文字",
        )  # fmt: skip
    return made


@pytest.mark.parametrize(
    "moment", [NOW - timedelta(days=5), NOW, NOW + timedelta(hours=2), NOW + timedelta(days=2)]
)
def test_what_it_finds_is_what_visible_finds(items: dict[str, Publication], moment: datetime):
    with time_machine.travel(moment, tick=False):
        visible = set(Publication.objects.visible().values_list("pk", flat=True))
        found = {p.pk for p in items.values() if public_item(p.pk) is not None}
        assert found == visible
        policy = public_item(items["policy"].pk)
        if policy is not None:
            readings = Publication.objects.visible().filter(interprets=items["policy"])
            assert policy["interpretations"] == [ItemLink(r.pk, r.title) for r in readings]
    assert public_item(10**9) is None


@time_machine.travel(NOW, tick=False)
def test_the_page_has_the_items_values(items: dict[str, Publication]) -> None:
    policy = items["policy"]
    found = public_item(policy.pk)
    assert found is not None
    assert found["title"] == "policy" and found["body"] == "<p>policy</p>"
    assert found["published_at"] == policy.published_at
    assert found["published_at"].utcoffset() is not None  # SQLite's naive UTC made aware
    assert timezone.localtime(found["published_at"], SHANGHAI) == NOW - timedelta(days=2)
    assert found["written_on"] == date(2026, 1, 5) and found["invalid_on"] is None
    assert found["validity_label"] == "有效" and found["column_name"] == "规范性文件"
    ids = list(Attachment.objects.filter(publication=policy).order_by("pk"))
    assert found["attachments"] == [AttachmentLink(a.pk, a.name, a.kind, a.size) for a in ids]
    assert found["interpreted"] is None
    reading = public_item(items["reading"].pk)
    assert reading is not None
    assert reading["interpreted"] == ItemLink(policy.pk, "policy")
    assert reading["attachments"] == []
    # An interpretation of an item no longer public links to nothing.
    Publication.objects.filter(pk=policy.pk).update(status=workflow.WITHDRAWN)
    reading = public_item(items["reading"].pk)
    assert reading is not None and reading["interpreted"] is None
