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
