"""What the base template draws around every page: the breadcrumb trail's last step (the page's
own title, from its `title` block, so no page has to say it twice) and the footer's links."""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import strip_tags

from gongkai.orgs import website

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context: Any) -> str:
    """The text of the page's `title` block (as the most specific template defines it)."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = blocks.get_block("title") if blocks is not None else None
    if node is None:
        return ""
    return html.unescape(strip_tags(node.nodelist.render(context))).strip()


@register.simple_tag
def police_code(value: str) -> str:
    return website.police_code(value)


COLUMNS_KEY = "portal:column-names"
COLUMNS_MAX_AGE = 60  # a renamed or moved column shows in trails within a minute


@register.inclusion_tag("portal/_column_crumbs.html")
def column_crumbs(column_id: int, link_last: bool = True) -> dict[str, Any]:
    """The trail of a column from its agency's platform down (each level a link): 平台 ›
    法定主动公开内容 › 法规文件 › 规章. From one cached map of every column, not a query per
    level, since every item page draws it."""
    from django.core.cache import cache

    from gongkai.publishing.models import Column

    columns: dict[int, tuple[str, int | None, int, str]] | None = cache.get(COLUMNS_KEY)
    if columns is None or column_id not in columns:
        rows = Column.objects.values_list("pk", "name", "parent_id", "agency_id", "agency__name")
        columns = {row[0]: row[1:] for row in rows}
        cache.set(COLUMNS_KEY, columns, COLUMNS_MAX_AGE)
    trail: list[tuple[int, str]] = []
    current: int | None = column_id
    while current is not None and current in columns and len(trail) < 10:
        name, parent, _, _ = columns[current]
        trail.insert(0, (current, name))
        current = parent
    agency = columns[column_id][2:] if column_id in columns else None
    return {"trail": trail, "agency": agency, "link_last": link_last}
