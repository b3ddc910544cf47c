"""Demo publications for `make run`: the seed's 2,912 items of 2021 in their columns and realistic
items of the last weeks (all already public, whatever the hour the demo is loaded at), each
with its signed 保密审查, and the register of normative documents that gives the seed's
Table 二 line (1 issued in 2021, 0 repealed, 28 in force)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.calendar import services as calendar_services
from gongkai.demo import platform as platform_demo
from gongkai.demo.platform import REVIEW_NOTE
from gongkai.orgs.models import Agency
from gongkai.publishing import services, timeliness, workflow
from gongkai.publishing.models import (
    Column,
    FigureItem,
    NormativeDocument,
    NormativeKind,
    ProactiveFigure,
    Publication,
    PublicationEvent,
    Review,
)
from gongkai.publishing.samples import SampleItem, Sampler

KIND_COLUMNS = {
    "要闻": "yw",
    "工作动态": "gzdt",
    "通知公告": "tzgg",
    "规范性文件": "gfxwj",
    "政策解读": "zcjd",
    "其他文件": "qtwj",
}
COLUMN_KINDS = {slug: kind for kind, slug in KIND_COLUMNS.items()}
# The seed's 2,912 items of 2021: 1 规范性文件, 1,284 区情要闻, 481 工作动态, 1,146 others.
SEED_2021 = (("gfxwj", 1), ("yw", 1284), ("gzdt", 481), ("tzgg", 500), ("zcjd", 146), ("qtwj", 500))
SEED_NEWS_COLUMN = "区情要闻"
RECENT_KINDS = ("要闻", "工作动态", "通知公告")


@transaction.atomic
def load(
    agency: Agency,
    plan: tuple[tuple[str, int], ...] = SEED_2021,
    recent: int = 30,
    reviewer: Any = None,
) -> bool:
    """Creates the demo items once (`plan`: items per column slug in 2021), each signed in
    保密审查 by `reviewer`; returns whether anything was created."""
    settings = services.ensure_platform(agency)
    if Publication.objects.filter(agency=agency).exists():
        return False
    Column.objects.filter(agency=agency, slug="yw").update(name=SEED_NEWS_COLUMN)
    columns = {c.slug: c for c in Column.objects.filter(agency=agency)}
    sampler = Sampler(seed=2021)
    slugs = [slug for slug, count in plan for _ in range(count)]
    random.Random(2021).shuffle(slugs)
    batch: list[tuple[SampleItem, datetime, date | None]] = []
    for number, slug in enumerate(slugs):
        item = replace(sampler.item(number, 2021), kind=COLUMN_KINDS[slug])
        batch.append((item, item.published, None))
    today = timezone.localdate()
    calendar = calendar_services.current()
    for number in range(recent):
        # The news of the last weeks: 要闻, 工作动态 and 通知公告 in turn (a 规范性文件 comes with
        # its 解读: demo.platform), each written a working day or two before it was published.
        item = sampler.item(number, today.year)
        kind = RECENT_KINDS[number % 3]
        item = replace(item, kind=kind, doc_number=item.doc_number if kind == "通知公告" else "")
        # From yesterday back: an item of today at a later hour would be a scheduled one, so
        # the demo would show a different site when loaded at 08:00 than at 17:00.
        day = today - timedelta(days=1 + number % 20)
        moment = datetime.combine(day, time(9 + number % 8))
        batch.append((item, moment, platform_demo.written_before(calendar, day, number % 3)))
    batch.sort(key=lambda pair: pair[1])
    seq: dict[int, int] = {}
    publications = []
    for item, moment, written in batch:
        published = timezone.make_aware(moment)
        written_on = written or min(item.written_on, published.date())
        column = columns[KIND_COLUMNS[item.kind]]
        seq[published.year] = seq.get(published.year, 0) + 1
        body = "".join(f"<p>{s}。</p>" for s in item.body.split("。") if s)
        publications.append(
            Publication(
                agency=agency,
                column=column,
                title=item.title,
                publisher=agency.name,
                written_on=written_on,
                published_at=published,
                publish_workdays=timeliness.workdays(written_on, published, calendar),
                doc_number=item.doc_number,
                body=body,
                body_text=item.body,
                status=workflow.PUBLISHED,
                reviews_done=1,
                index_number=f"{settings.agency_code}-{column.category}-{published.year}-{seq[published.year]:05d}",
            )
        )
    created = Publication.objects.bulk_create(publications, batch_size=500)
    PublicationEvent.objects.bulk_create(
        [
            PublicationEvent(
                publication=p, action="imported", after=workflow.PUBLISHED, note="演示数据"
            )
            for p in created
        ],
        batch_size=500,
    )
    if reviewer is not None:
        _reviewed(created, reviewer)
    _register(agency)
    for figure in FigureItem:  # the seed reports no decisions and no fees in 2021
        ProactiveFigure.objects.create(
            agency=agency, year=2021, item=figure, value=0, source="演示数据：各承办部门年度统计"
        )
    return True


def _reviewed(created: list[Publication], reviewer: Any) -> None:
    """Each item's signed 保密审查, an hour before it was published (the seed says its items
    went through review; the drafts say so only when every item has its record)."""
    reviews = Review.objects.bulk_create(
        [
            Review(publication=p, reviewer=reviewer, level=1, opinion=REVIEW_NOTE,
                   outcome=Review.APPROVED)
            for p in created
        ],
        batch_size=500,
    )  # fmt: skip
    for review, publication in zip(reviews, created, strict=True):
        assert publication.published_at is not None
        review.decided_at = publication.published_at - timedelta(hours=1)
    Review.objects.bulk_update(reviews, ["decided_at"], batch_size=500)


def _register(agency: Agency) -> None:
    for number in range(27):
        year = 2014 + number % 7
        NormativeDocument.objects.create(
            agency=agency,
            kind=NormativeKind.NORMATIVE,
            title=f"高新区管委会关于加强第{number + 1}项管理工作的规定",
            doc_number=f"洛开管〔{year}〕{number + 1}号",
            issued_on=date(year, 3, 1) + timedelta(days=number * 7),
        )
    issued = NormativeDocument.objects.create(
        agency=agency,
        kind=NormativeKind.NORMATIVE,
        title="洛阳高新区政府信息公开工作办法",
        doc_number="洛开管〔2021〕30号",
        issued_on=date(2021, 6, 18),
    )
    # The year's one item in the 规范性文件 column is this document.
    published = Publication.objects.filter(
        agency=agency, column__slug="gfxwj", published_at__year=2021
    ).first()
    if published is not None:
        published.title, published.doc_number = issued.title, issued.doc_number
        published.written_on = issued.issued_on
        published.published_at = timezone.make_aware(datetime(2021, 6, 21, 10))
        published.publish_workdays = timeliness.workdays(
            published.written_on, published.published_at, calendar_services.current()
        )
        published.save(
            update_fields=["title", "doc_number", "written_on", "published_at", "publish_workdays"]
        )
        issued.publication = published
        issued.save(update_fields=["publication"])
        _interpret(published)
    NormativeDocument.objects.create(
        agency=agency,
        kind=NormativeKind.NORMATIVE,
        title="高新区管委会临时管理办法（已废止）",
        doc_number="洛开管〔2015〕99号",
        issued_on=date(2015, 4, 1),
        ended_on=date(2019, 12, 31),
        end_kind="repealed",
    )


EXPLAINED = (
    "一、制定背景：为贯彻落实新修订的《中华人民共和国政府信息公开条例》，规范本区政府信息公开工作，制定本办法。",
    "二、主要内容：明确主动公开的范围和时限、依申请公开的办理程序、保密审查和监督保障。",
    "三、与群众相关：公民、法人或者其他组织可以通过政府信息公开平台在线申请，"
    "本区各机关自收到申请之日起20个工作日内答复。",
)


def _interpret(document: Publication) -> None:
    """The seed year's one 规范性文件 gets its 解读: one of that year's 政策解读 items, the first
    published after it, so the seed's counts per column stay as they are."""
    reading = (
        Publication.objects.filter(
            agency=document.agency,
            column__slug="zcjd",
            published_at__gte=document.published_at,
            published_at__year=2021,
        )
        .order_by("published_at", "pk")
        .first()
    )
    if reading is None:
        return
    reading.title = f"《{document.title}》政策解读"
    reading.body = "".join(f"<p>{part}</p>" for part in EXPLAINED)
    reading.body_text = "".join(EXPLAINED)
    reading.doc_number = ""
    reading.interprets = document
    reading.save(update_fields=["title", "body", "body_text", "doc_number", "interprets"])
