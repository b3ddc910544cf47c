"""Demo publications for `make run`: the platform's columns filled with realistic items (2021 and
the last weeks), and the register of normative documents that gives the seed's Table 二 line
(1 issued in 2021, 0 repealed, 28 in force)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Agency
from gongkai.publishing import services, workflow
from gongkai.publishing.models import (
    Column,
    NormativeDocument,
    NormativeKind,
    Publication,
    PublicationEvent,
)
from gongkai.publishing.samples import Sampler

KIND_COLUMNS = {
    "要闻": "yw",
    "工作动态": "gzdt",
    "通知公告": "tzgg",
    "规范性文件": "gfxwj",
    "政策解读": "zcjd",
    "其他文件": "qtwj",
}


@transaction.atomic
def load(agency: Agency, items_2021: int = 150, recent: int = 30) -> bool:
    """Creates the demo items once; returns whether anything was created."""
    settings = services.ensure_platform(agency)
    if Publication.objects.filter(agency=agency).exists():
        return False
    columns = {c.slug: c for c in Column.objects.filter(agency=agency)}
    sampler = Sampler(seed=2021)
    today = timezone.localdate()
    batch = [(item, item.published) for item in sampler.items(items_2021, 2021)]
    for number in range(recent):
        item = sampler.item(number, today.year)
        moment = datetime.combine(today - timedelta(days=number % 20), datetime.min.time())
        batch.append((item, moment.replace(hour=9 + number % 8)))
    seq: dict[int, int] = {}
    for item, moment in batch:
        published = timezone.make_aware(moment)
        column = columns[KIND_COLUMNS[item.kind]]
        seq[published.year] = seq.get(published.year, 0) + 1
        body = "".join(f"<p>{s}。</p>" for s in item.body.split("。") if s)
        publication = Publication.objects.create(
            agency=agency,
            column=column,
            title=item.title,
            publisher=agency.name,
            written_on=min(item.written_on, published.date()),
            published_at=published,
            doc_number=item.doc_number,
            body=body,
            body_text=item.body,
            status=workflow.PUBLISHED,
            index_number=f"{settings.agency_code}-{column.category}-{published.year}-{seq[published.year]:05d}",
        )
        PublicationEvent.objects.create(
            publication=publication, action="imported", after=workflow.PUBLISHED, note="演示数据"
        )
    _register(agency)
    return True


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
    NormativeDocument.objects.create(
        agency=agency,
        kind=NormativeKind.NORMATIVE,
        title="洛阳高新区政府信息公开工作办法",
        doc_number="洛开管〔2021〕30号",
        issued_on=date(2021, 6, 18),
    )
    NormativeDocument.objects.create(
        agency=agency,
        kind=NormativeKind.NORMATIVE,
        title="高新区管委会临时管理办法（已废止）",
        doc_number="洛开管〔2015〕99号",
        issued_on=date(2015, 4, 1),
        ended_on=date(2019, 12, 31),
        end_kind="repealed",
    )
