"""Editors' rich text: sanitised on every save (nh3, the Rust ammonia sanitiser), and its plain
text for search and the personal-data scan."""

from __future__ import annotations

import re

import nh3
from lxml import html as lxml_html

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4",
    "table", "thead", "tbody", "tr", "th", "td", "a", "blockquote", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
# The classes the annual report's tables are drawn by (reports.render.html, report.css): the
# table as the statutory form, its centred header cells, the label the form sets upright. Any
# other class is dropped.
CLASSES = {"table": {"report"}, "th": {"head", "vertical"}}
# A header cell's scope, only with a value HTML defines; every table reachable by the keyboard
# (tabindex 0, whatever was sent), since on a phone a wide table scrolls inside its own box.
VALUES = {"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}}
SET = {"table": {"tabindex": "0"}}


def clean(value: str) -> str:
    return nh3.clean(
        value or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        tag_attribute_values=VALUES,
        set_tag_attribute_values=SET,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain(value: str) -> str:
    if not value.strip():
        return ""
    tree = lxml_html.fromstring(f"<div>{value}</div>")
    for block in tree.iter("p", "br", "li", "tr", "h2", "h3", "h4"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"\n\s*\n+", "\n", tree.text_content()).strip()


def from_plain(text: str) -> str:
    """Plain text typed or pasted without markup: paragraphs per line, escaped."""
    import html

    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
