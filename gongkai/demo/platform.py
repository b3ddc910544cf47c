"""Every demo agency's 政府信息公开 platform filled in every column the 61号 list requires
(demo.content): its history imported as an older site's would be, dated back from the moment of
loading in working days (written at most a few working days before publication, 条例第二十六条),
each 规章 and 规范性文件 with its 解读 and the 规范性文件 entered in the register; and the day's
own item written, submitted, signed in 保密审查 and published through the real workflow.
Nothing is ever dated in the future, whatever the day or hour the demo is loaded at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gongkai.audit import registers
from gongkai.calendar import services as calendar_services
from gongkai.calendar.workdays import CalendarNotCovered, WorkCalendar
from gongkai.core.workflow import SystemActor
from gongkai.demo import content
from gongkai.orgs.models import Agency
from gongkai.publishing import html, index_numbers, services, timeliness, workflow
from gongkai.publishing.models import (
    Column,
    FigureItem,
    NormativeDocument,
    NormativeKind,
    ProactiveFigure,
    Publication,
    PublicationEvent,
    Validity,
)

IMPORT = SystemActor("演示数据")  # the older site's items, imported as the demo's history
IMPORTED_NOTE = "演示数据：从原网站迁移的历史信息"
REVIEW_NOTE = "经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。"
NORMATIVE_FIELDS = ["kind", "title", "doc_number", "issued_on", "publication"]
FIGURE_FIELDS = ["value", "source"]


@dataclass(frozen=True)
class Staff:
    """Who writes, signs 保密审查 and heads the office for an agency's platform."""

    editor: Any
    reviewer: Any
    head: Any


def is_workday(calendar: WorkCalendar, day: date) -> bool:
    try:
        return calendar.is_workday(day)
    except CalendarNotCovered:
        return day.weekday() < 5


def workdays_before(calendar: WorkCalendar, day: date, count: int) -> date:
    """The `count`-th working day before `day` (count 0: `day` itself)."""
    while count > 0:
        day -= timedelta(days=1)
        if is_workday(calendar, day):
            count -= 1
    return day


def last_workday_before(calendar: WorkCalendar, day: date) -> date:
    """`day` if it is a working day, else the working day before it."""
    while not is_workday(calendar, day):
        day -= timedelta(days=1)
    return day


def written_before(calendar: WorkCalendar, day: date, lead: int) -> date:
    """The working day an item published on `day` was written, `lead` working days earlier."""
    return workdays_before(calendar, last_workday_before(calendar, day), lead)


def published_on(entry: content.Entry, today: date, calendar: WorkCalendar) -> date:
    """The day an entry was published: `back` working days before today, or the working day of
    the latest (month, day) before today (a 29 February falls back to the 28th)."""
    if entry.on is None:
        return workdays_before(calendar, today, max(entry.back, 1))
    month, day = entry.on
    year = today.year
    while True:
        try:
            found = date(year, month, day)
        except ValueError:
            found = date(year, month, day - 1)
        if found < today:
            return last_workday_before(calendar, found)
        year -= 1


def load(agency: Agency, profile: content.Agency, entries: tuple[content.Entry, ...]) -> bool:
    """The agency's platform content, once (it is there when the 制度 column holds an item);
    returns whether anything was created."""
    settings = services.ensure_platform(agency)
    if Publication.objects.filter(agency=agency, column__slug="zd").exists():
        return False
    columns = {c.slug: c for c in Column.objects.filter(agency=agency)}
    calendar = calendar_services.current()
    today = timezone.localdate()
    taken = {
        number
        for number in Publication.objects.filter(agency=agency).values_list(
            "index_number", flat=True
        )
        if number
    }
    dated = sorted(
        ((published_on(e, today, calendar), n, e) for n, e in enumerate(entries)),
        key=lambda row: (row[0], bool(row[2].interprets), row[1]),
    )
    items: list[Publication] = []
    per_day: dict[date, int] = {}
    for day, _, entry in dated:
        per_day[day] = per_day.get(day, 0) + 1  # later on the day for what comes after
        moment = timezone.make_aware(datetime.combine(day, time(8 + min(per_day[day], 9), 30)))
        written = written_before(calendar, day, entry.lead)
        column = columns[entry.slug]
        body = "".join(f"<p>{content.fill(p, profile, day)}</p>" for p in entry.body)
        body = html.clean(body)
        items.append(
            Publication(
                agency=agency,
                column=column,
                title=content.fill(entry.title, profile, day),
                publisher=agency.name,
                written_on=written,
                published_at=moment,
                publish_workdays=timeliness.workdays(written, moment, calendar),
                doc_number=content.fill(entry.doc_number, profile, day),
                topic=entry.topic,
                valid_from=day if entry.slug in ("gz", "gfxwj") else None,
                validity=Validity.VALID,
                body=body,
                body_text=html.plain(body),
                status=workflow.PUBLISHED,
                index_number=_index_number(settings, column, day.year, taken),
            )
        )
    created = Publication.objects.bulk_create(items)
    PublicationEvent.objects.bulk_create(
        PublicationEvent(publication=p, action="imported", after=workflow.PUBLISHED,
                         note=IMPORTED_NOTE)
        for p in created
    )  # fmt: skip
    by_key = {e.key: p for (_, _, e), p in zip(dated, created, strict=True) if e.key}
    for (_, _, entry), item in zip(dated, created, strict=True):
        if entry.interprets:
            item.interprets = by_key[entry.interprets]
            item.save(update_fields=["interprets"])
        if entry.register:
            document = NormativeDocument(
                agency=agency,
                kind=NormativeKind.NORMATIVE,
                title=item.title,
                doc_number=item.doc_number,
                issued_on=item.written_on,
                publication=item,
            )
            registers.record(IMPORT, document, NORMATIVE_FIELDS, {}, "规范性文件登记")
    return True


def _index_number(settings: Any, column: Column, year: int, taken: set[str]) -> str:
    seq = 1
    while True:
        number = index_numbers.format_number(
            settings.index_rule, settings.agency_code, column.category or "00", year, seq
        )
        if number not in taken:
            taken.add(number)
            return number
        seq += 1


def publish_today(agency: Agency, staff: Staff, slug: str, title: str, body: str) -> Publication:
    """Today's item, through the real workflow: the editor writes and submits it, the reviewer
    signs 保密审查, the editor publishes it now."""
    column = Column.objects.get(agency=agency, slug=slug)
    written = workdays_before(calendar_services.current(), timezone.localdate(), 1)
    draft = services.Draft(
        column=column, title=title, publisher=agency.name, written_on=written, body=body
    )
    item = services.save_draft(staff.editor, draft)
    item = services.submit(staff.editor, item, item.version)
    item = services.approve(staff.reviewer, item, item.version, REVIEW_NOTE)
    return services.publish(staff.editor, item, item.version)


# Article 20 figures of the concluded year (Table 二), per demo agency, and the new-media counts.
FIGURES = {
    content.ZONE: {"licensing": 1236, "punishment": 87, "enforcement": 3, "fees": 152},
    content.OFFICE: {"licensing": 0, "punishment": 0, "enforcement": 0, "fees": 0},
    content.FINANCE: {"licensing": 24, "punishment": 2, "enforcement": 0, "fees": 0},
}


def record_year(agency: Agency, kind: str, year: int) -> None:
    """The concluded year's Article 20 figures, as the office enters them."""
    for item in FigureItem:
        if ProactiveFigure.objects.filter(agency=agency, year=year, item=item).exists():
            continue
        figure = ProactiveFigure(
            agency=agency,
            year=year,
            item=item,
            value=FIGURES[kind][item.value],
            source="演示数据：各承办部门年度统计",
        )
        registers.record(IMPORT, figure, FIGURE_FIELDS, {}, "第二十条统计数据")
