"""The 政府信息公开目录 as the public sees it: an agency's visible items, narrowed by column (with
the columns below it), year, topic and validity. The catalogue page and the API's item list
are this one query, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.orgs.models import Agency
from gongkai.publishing import platform
from gongkai.publishing.models import Column, Publication, PublicationQuerySet, Validity


def descendants(columns: list[Column]) -> dict[int, list[int]]:
    """Column id → its id and every column below it."""
    children: dict[int | None, list[int]] = {}
    for column in columns:
        children.setdefault(column.parent_id, []).append(column.pk)

    def below(pk: int) -> list[int]:
        return [pk] + [d for child in children.get(pk, []) for d in below(child)]

    return {column.pk: below(column.pk) for column in columns}


YEARS = (1990, 2100)  # the years a catalogue may be narrowed to


@dataclass(frozen=True)
class Narrowing:
    """What was asked, as typed; what does not apply (an unknown column or topic, a year out of
    range) is ignored, as the catalogue page's links never ask for it."""

    column: str = ""
    year: str = ""
    topic: str = ""
    validity: str = ""


def items(agency: Agency, asked: Narrowing) -> tuple[PublicationQuerySet, dict[str, str]]:
    """The agency's visible items, newest first, narrowed; and the narrowing that applied."""
    found = Publication.objects.visible().filter(agency=agency).select_related("column")
    chosen: dict[str, str] = {}
    if asked.column.isdigit():
        tree = descendants(list(Column.objects.filter(agency=agency)))
        if int(asked.column) in tree:
            found = found.filter(column_id__in=tree[int(asked.column)])
            chosen["column"] = asked.column
    if asked.year.isdigit() and YEARS[0] <= int(asked.year) <= YEARS[1]:
        found, chosen["year"] = found.filter(published_at__year=int(asked.year)), asked.year
    if asked.topic in platform.TOPICS:
        found, chosen["topic"] = found.filter(topic=asked.topic), asked.topic
    if asked.validity in Validity.values:
        found, chosen["validity"] = found.filter(validity=asked.validity), asked.validity
    return found, chosen
