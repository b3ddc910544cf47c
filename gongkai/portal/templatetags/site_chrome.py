"""What the base template draws around every page: the breadcrumb trail's last step (the page's
own title, from its `title` block, so no page has to say it twice) and the footer's links."""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable
from typing import Any

from django import template
from django.core.cache import cache
from django.template.loader import get_template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from gongkai.orgs import website

register = template.Library()


@register.simple_tag(takes_context=True)
def page_title(context: Any) -> str:
    """The text of the page's `title` block (as the most specific template defines it)."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = blocks.get_block("title") if blocks is not None else None
    if node is None:
        return ""
    text = node.nodelist.render(context)
    return html.unescape(strip_tags(text) if "<" in text else text).strip()


@register.simple_tag
def police_code(value: str) -> str:
    return website.police_code(value)


TRAIL_MAX_AGE = 60  # a renamed or moved column shows in trails within a minute


@register.simple_tag
def column_crumbs(column_id: int, link_last: bool = True) -> str:
    """The trail of a column from its agency's platform down (each level a link): 平台 ›
    法定主动公开内容 › 法规文件 › 规章. Every item page draws one, so a column's trail is
    kept in the cache, drawn from one read of every column."""
    key = f"portal:trail:{column_id}:{int(link_last)}"
    drawn: str | None = cache.get(key)
    if drawn is None:
        from gongkai.publishing.models import Column

        rows = Column.objects.values_list("pk", "name", "parent_id", "agency_id", "agency__name")
        drawn = _draw_trail({row[0]: row[1:] for row in rows}, column_id, link_last)
        cache.set(key, drawn, TRAIL_MAX_AGE)
    return mark_safe(drawn)  # drawn by the template below: names escaped


def _draw_trail(
    columns: dict[int, tuple[str, int | None, int, str]], column_id: int, link_last: bool
) -> str:
    trail: list[tuple[int, str]] = []
    current: int | None = column_id
    while current is not None and current in columns and len(trail) < 10:
        name, parent, _, _ = columns[current]
        trail.insert(0, (current, name))
        current = parent
    agency = columns[column_id][2:] if column_id in columns else None
    return str(
        get_template("portal/_column_crumbs.html").render(
            {"trail": trail, "agency": agency, "link_last": link_last}
        )
    )


# Rendered frame parts, by part and what it depends on; a few dozen in practice.
_FRAMES: dict[tuple[object, ...], str] = {}
_serials = itertools.count()
FRAMES_LIMIT = 2000

# What a frame part may depend on, read from the page's context.
DEPENDS: dict[str, Callable[[template.Context], object]] = {
    # Everything the frame shows of the website: its name, footer fields and emblem's version.
    "website": lambda context: website.shown(context["website"]),
    "display": lambda context: context["display"].key,  # text size and contrast
    # "You are here" in the header (none on a 404 page).
    "page": lambda context: getattr(context["request"].resolver_match, "view_name", None),
}


@register.tag
def frame(parser: template.base.Parser, token: template.base.Token) -> FrameNode:
    """`{% frame website page %}…{% endframe %}`: a part of the page frame (header, footer)
    that is the same on every page alike in what it names (DEPENDS), drawn once per process
    and reused. Every page not in the page cache draws the frame, and drawing it (a dozen
    `{% url %}`s) cost more than the item it framed (bench/portal.py, cold items). A signed-in
    user's frame is drawn each time (their name, the CSRF token); so is every frame while
    templates are being edited (DEBUG)."""
    depends = token.split_contents()[1:]
    if unknown := set(depends) - DEPENDS.keys():
        raise template.TemplateSyntaxError(f"frame: unknown {sorted(unknown)}")
    nodelist = parser.parse(("endframe",))
    parser.delete_first_token()
    return FrameNode(nodelist, [DEPENDS[name] for name in depends])


class FrameNode(template.Node):
    # `{% extends %}` looks for blocks in every node of the base on every page: not in here
    # (a block inside a frame would be drawn once for every page).
    child_nodelists = ()

    def __init__(
        self, nodelist: template.NodeList, depends: list[Callable[[template.Context], object]]
    ):
        self.nodelist = nodelist
        self.depends = depends
        self.serial = next(_serials)  # each part its own: a template's nodes carry no position

    def render(self, context: template.Context) -> str:
        debug = context.template is None or context.template.engine.debug
        if debug or context.get("signed_in", True):
            return self.nodelist.render(context)
        key = (self.serial, *(read(context) for read in self.depends))
        found = _FRAMES.get(key)
        if found is None:
            if len(_FRAMES) >= FRAMES_LIMIT:
                _FRAMES.clear()
            found = _FRAMES[key] = self.nodelist.render(context)
        return found
