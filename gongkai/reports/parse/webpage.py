"""HTML pages as government sites publish them: GBK or UTF-8, tables with rowspan/colspan,
cell text split into spans, data tables nested inside layout tables, navigation around them."""

from __future__ import annotations

import html
import re

from lxml import etree

from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.errors import (
    MAX_HTML_CELLS,
    MAX_SPAN,
    MAX_TABLE_ROWS,
    UnreadableDocument,
)
from gongkai.reports.parse.text import lines_to_blocks

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_CODEC_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
}
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "head",
        "template",
        "svg",
        "select",
        "button",
        "iframe",
        "object",
        "textarea",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "table",
        "tbody",
        "thead",
        "caption",
        "center",
        "form",
        "address",
        "figure",
        "figcaption",
        "hr",
        "br",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_PENDING = 1_000_000
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_WHITESPACE = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def decode(data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    candidates = []
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.append("utf-8-sig")
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        candidates.append(_CODEC_ALIASES.get(name, name))
    candidates += ["utf-8", "gb18030"]
    for codec in candidates:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableDocument("无法识别网页编码：既不是 UTF-8，也不是 GBK/GB18030")


def read_html(data: bytes) -> list[Block]:
    cells = len(_CELL_TAG.findall(data))  # counted before libxml2 builds a tree of them
    if cells > MAX_HTML_CELLS:
        raise UnreadableDocument(f"网页中的表格单元格过多（{cells} 个），不像一份年度报告")
    text = decode(data)
    visible = _visible_text(text)
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    parsed = etree.tostring(root, method="text", encoding=str) if root is not None else ""
    if len(_WHITESPACE.sub("", parsed)) * 2 < len(_WHITESPACE.sub("", visible)):
        # libxml2 gives up on pathological markup (nesting past its depth limit) and returns
        # an empty tree: read the page's text instead, one cell per line, rather than nothing.
        return lines_to_blocks([line for line in visible.splitlines() if line.strip()])
    if root is None:
        raise UnreadableDocument("网页内容为空或无法解析")
    return _walk(root)


# huge_tree lifts libxml2's nesting limit from 256 to 2048 levels; input size is bounded upstream.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
_CELL_TAG = re.compile(rb"<t[dh][\s>/]", re.I)
_INVISIBLE = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_BREAK = re.compile(r"<\s*(?:br|/?p|/?div|/?tr|/td|/th|/li|/h\d|/?table|/caption)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def _visible_text(page: str) -> str:
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", _INVISIBLE.sub("", page))))


def _walk(root: etree._Element) -> list[Block]:
    """Depth-first, without recursion (hostile pages nest thousands of levels deep)."""
    blocks: list[Block] = []
    buffer: list[str] = []
    heading = [False]

    def flush() -> None:
        line = _WHITESPACE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if line:
            blocks.append(Line(line, heading=heading[0]))
        heading[0] = False

    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if closing:
            if tag in _BLOCK:
                flush()
            if node.tail:
                buffer.append(node.tail)
            continue
        if not tag or tag in _SKIP:
            if node.tail:
                buffer.append(node.tail)
            continue
        if tag == "table" and node.find(".//table") is None:
            flush()
            blocks.append(_grid(node))
            if node.tail:
                buffer.append(node.tail)
            continue
        if tag in _BLOCK:
            flush()
        if tag in _HEADINGS:
            heading[0] = True
        if node.text:
            buffer.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    flush()
    return blocks


def _grid(table: etree._Element) -> Table:
    rows: list[list[str | None]] = []
    pending: dict[tuple[int, int], bool] = {}  # positions covered by a rowspan from above
    trs = [
        tr
        for part in (table, *(c for c in table if c.tag in _SECTIONS))
        for tr in part
        if tr.tag == "tr"
    ]
    if len(trs) > MAX_TABLE_ROWS:
        raise UnreadableDocument(f"网页中的表格有 {len(trs)} 行，超出年度报告的合理范围")
    for r, tr in enumerate(trs):
        row: list[str | None] = []
        col = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while pending.pop((r, col), False):
                row.append(None)
                col += 1
            colspan, rowspan = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            row.append(_cell_text(cell))
            row.extend([None] * (colspan - 1))
            for dr in range(1, min(rowspan, len(trs) - r)):
                for dc in range(colspan):
                    pending[(r + dr, col + dc)] = True
            if len(pending) > _MAX_PENDING:
                raise UnreadableDocument("网页中的表格合并单元格范围过大，超出年度报告的合理范围")
            col += colspan
        while pending.pop((r, col), False):
            row.append(None)
            col += 1
        rows.append(row)
    return Table(tuple(tuple(row) for row in rows))


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(int((value or "1").strip()), MAX_SPAN))
    except ValueError:
        return 1


def _cell_text(cell: etree._Element) -> str:
    text = etree.tostring(cell, method="text", encoding=str, with_tail=False)
    return _WHITESPACE.sub(" ", text).strip()
