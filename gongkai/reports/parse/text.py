"""Plain text and Markdown: tab-separated tables (the seed), pipe tables (with or without the
outer pipes, as web tables copy: `规章 | 0 | 0 | 0 |`), one cell per line (closed by `|`, or with
a `|` alone between cells, or blank lines), and fixed-width text extracted from PDFs."""

from __future__ import annotations

import codecs
import re

from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.errors import MAX_TABLE_ROWS, UnreadableDocument

_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[/，,、]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|P(?:age)?\.?\s*\d{1,4}|(?:Page|PAGE)\s*\d{1,4}\s*(?:of\s*\d{1,4})?)$"
)
# A flip-book's page banner: 「Page 4 - 某局2022年政府信息公开工作年度报告」. The page goes; the
# running title is kept the first time (it may be the only title the text has).
_BANNER = re.compile(r"^(?:Page|PAGE|P\.)\s*\d{1,4}\s*[-－—–:：]\s*(?P<title>.*)$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s*|\*\*|__")
_SENTENCE_END = tuple("。！？；：:!?;）)》」”")
_NEW_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、]|#)"
)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GBK/GB18030 as Chinese sites publish."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(
            "文件含二进制内容，不是文本，也不是可识别的 PDF、Word（.docx）或网页"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A copy cut off inside a character: UTF-8 up to the cut, the cut marked.
        text = data[: exc.start].decode("utf-8") + "\ufffd" if exc.start >= len(data) - 3 else ""
    if text and _looks_like_text(text):
        return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text):
        return text
    raise UnreadableDocument("无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030 编码的文本")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) <= len(sample) // 100


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def read_text(data: bytes) -> list[Block]:
    return lines_to_blocks(decode(data).splitlines())


def lines_to_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    pipe_rows: list[tuple[str | None, ...]] = []
    previous = ""  # the last non-blank line, to decide whether a line continues its paragraph
    banners: set[str] = set()
    if len(lines) > MAX_TABLE_ROWS * 5:
        raise UnreadableDocument(f"文本行数过多（{len(lines)} 行），不像一份年度报告")
    for raw_line in lines:
        stripped = raw_line.strip()
        if "|" in stripped:
            piped = [c.strip() for c in stripped.strip("|").split("|")]
            filled = [c for c in piped if c]
            if not filled or _PIPE_SEPARATOR.match(stripped):
                continue  # a | alone between cells, or a Markdown rule: layout
            if len(filled) == 1 and len(piped) <= 2:
                # One cell per line, closed (or opened) by a | as web tables copy: the cell,
                # as a line, so that its numbers gather into the row the label line opened.
                stripped = filled[0]
                raw_line = stripped
            else:
                pipe_rows.append(tuple(piped))
                previous = ""
                continue
        if pipe_rows:
            blocks.append(Table(tuple(pipe_rows)))
            pipe_rows = []
        banner = _BANNER.match(stripped)
        if banner:
            title = banner.group("title").strip()
            if not title or title in banners:
                continue
            banners.add(title)
            stripped = raw_line = title
        if not stripped or is_page_number(stripped):
            previous = "" if not stripped else previous
            continue
        heading = stripped.startswith("#")
        stripped = _MARKDOWN_DECORATION.sub("", stripped).strip()
        if "\t" in raw_line:
            cells = tuple(c.strip() for c in raw_line.rstrip("\r\n").split("\t"))
            blocks.append(Line(stripped, cells=cells))
            previous = ""
            continue
        cont = (
            bool(previous)
            and not previous.endswith(_SENTENCE_END)
            and not heading
            and not _NEW_ITEM.match(stripped)
        )
        blocks.append(Line(stripped, cont=cont, heading=heading))
        previous = "" if heading else stripped
    if pipe_rows:
        blocks.append(Table(tuple(pipe_rows)))
    return blocks
