"""The only door to publishing for staff: an agency's 信息员, 审核员 and 公开办负责人 (and the
heads of the agencies above it) see its items and registers; a record outside that scope is a
404. Who may take which step is the workflow's table (publishing.workflow); settings and
columns are the managers'."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, NamedTuple, TypedDict, cast

from django.db import connections
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, AgencyQuerySet
from gongkai.publishing import platform, workflow
from gongkai.publishing.models import (
    Attachment,
    Column,
    NormativeDocument,
    Publication,
    Validity,
)

PUBLISHING_ROLES = tuple(workflow.EDITORS | workflow.REVIEWERS)
may_manage = org_access.may_manage


def publishing_agencies(user: Any) -> AgencyQuerySet:
    return org_access.agencies_for(user, PUBLISHING_ROLES)


def may_use(user: Any) -> bool:
    return org_access.holds_any(user, PUBLISHING_ROLES)


def may_edit(user: Any, agency: Agency) -> bool:
    """Write and edit items (信息员, 公开办负责人)."""
    return bool(org_access.roles_in(user, agency) & workflow.EDITORS)


def publications_for_staff(user: Any) -> QuerySet[Publication]:
    return Publication.objects.filter(agency__in=publishing_agencies(user))


def get_publication_for_staff(user: Any, pk: int) -> Publication:
    """Another agency's item is a 404, not a 403: its existence is not disclosed."""
    return get_object_or_404(publications_for_staff(user).select_related("column", "agency"), pk=pk)


def get_attachment_for_staff(user: Any, pk: int) -> Attachment:
    rows = Attachment.objects.filter(publication__agency__in=publishing_agencies(user))
    return get_object_or_404(rows.select_related("publication"), pk=pk)


def get_normative_for_staff(user: Any, pk: int) -> NormativeDocument:
    return get_object_or_404(NormativeDocument, pk=pk, agency__in=publishing_agencies(user))


def get_column_for_manager(user: Any, pk: int) -> Column:
    return get_object_or_404(Column, pk=pk, agency__in=org_access.managed_agencies(user))


# --- The public's door --------------------------------------------------------------------
# Every item page that is not in the page cache reads an item (crawlers walk the long tail), so
# its reads are plain SQL, no query compiled or model built (bench/portal.py, cold items). The
# WHERE clause is `Publication.objects.visible()` written out; a test holds the two to the same
# answer for every status and time.


class AttachmentLink(NamedTuple):
    pk: int
    name: str
    kind: str
    size: int


class ItemLink(NamedTuple):
    pk: int
    title: str


class PublicItem(TypedDict):
    """What an item's public page shows (a dict: templates read a dict's keys fastest)."""

    pk: int
    title: str
    index_number: str | None
    publisher: str
    agency_id: int
    written_on: date
    published_at: datetime
    doc_number: str
    topic: str
    validity: str
    validity_label: str  # 有效, 废止, 失效
    invalid_on: date | None
    body: str  # sanitised HTML
    interprets_id: int | None
    column_id: int
    column_name: str
    column_class: str
    attachments: list[AttachmentLink]
    interpreted: ItemLink | None  # the document this item interprets
    interpretations: list[ItemLink]  # a notice column's item: its 解读


# The item query's columns, by PublicItem's names; then the column's name and class.
ITEM_FIELDS = {
    "pk": "id", "title": "title", "index_number": "index_number", "publisher": "publisher",
    "agency_id": "agency",
    "written_on": "written_on", "published_at": "published_at", "doc_number": "doc_number",
    "topic": "topic", "validity": "validity", "invalid_on": "invalid_on", "body": "body",
    "interprets_id": "interprets", "column_id": "column",
}  # fmt: skip


ATTACHMENT_FIELDS = ("id", "name", "kind", "size")  # AttachmentLink's


def public_item(pk: int) -> PublicItem | None:
    """An item the public may see, or None (unknown, not yet published, withdrawn)."""
    sql = _public_sql()
    db = connections[Publication.objects.db]
    visible = [workflow.PUBLISHED, db.ops.adapt_datetimefield_value(timezone.now())]
    with db.cursor() as cursor:

        def rows(name: str, params: list[Any]) -> list[tuple[Any, ...]]:
            cursor.execute(sql[name], params)
            return list(cursor.fetchall())

        # A row per attachment (or one without); whether it has public 解读 to list.
        found = rows("item", [*visible, pk, *visible])
        if not found:
            return None
        names = [*ITEM_FIELDS, "column_name", "column_class", "interpreted_by"]
        item = cast(PublicItem, dict(zip(names, found[0], strict=False)))
        if timezone.is_naive(item["published_at"]):  # SQLite keeps UTC without saying so
            item["published_at"] = item["published_at"].replace(tzinfo=UTC)
        item["validity_label"] = Validity(item["validity"]).label
        attached = (row[len(names) :] for row in found)
        item["attachments"] = [AttachmentLink(*a) for a in attached if a[0] is not None]
        interpreted = item["interprets_id"] and rows(
            "titles_by_pk", [item["interprets_id"], *visible]
        )
        item["interpreted"] = ItemLink(*interpreted[0]) if interpreted else None
        interpreted_by = cast(dict[str, Any], item).pop("interpreted_by")
        item["interpretations"] = (
            [ItemLink(*row) for row in rows("interpretations", [pk, *visible])]
            if interpreted_by and item["column_class"] == platform.NOTICE
            else []
        )
        return item


@cache
def _public_sql() -> dict[str, str]:
    def columns(model: type[Any], names: Iterable[str], alias: str) -> str:
        return ", ".join(f"{alias}.{model._meta.get_field(n).column}" for n in names)

    table, column_table = Publication._meta.db_table, Column._meta.db_table
    visible = "p.status = %s AND p.published_at <= %s"
    titles = f"SELECT p.id, p.title FROM {table} p"
    return {
        "item": (
            f"SELECT {columns(Publication, ITEM_FIELDS.values(), 'p')}, c.name, c.column_class, "
            f"EXISTS (SELECT 1 FROM {table} r WHERE r.interprets_id = p.id "
            f"AND r.status = %s AND r.published_at <= %s), "
            f"{columns(Attachment, ATTACHMENT_FIELDS, 'a')} "
            f"FROM {table} p JOIN {column_table} c ON c.id = p.column_id "
            f"LEFT JOIN {Attachment._meta.db_table} a ON a.publication_id = p.id "
            f"WHERE p.id = %s AND {visible} ORDER BY a.id"
        ),
        "titles_by_pk": f"{titles} WHERE p.id = %s AND {visible}",
        "interpretations": (
            f"{titles} WHERE p.interprets_id = %s AND {visible} "
            "ORDER BY p.published_at DESC, p.id DESC"
        ),
    }
