"""Read a published annual report, whatever its format, into `ReportData`.

    readers (text, webpage, word, pdf)   bytes → blocks (lines and grids)
    sections                             blocks → title, agency, year, section prose
    rows → assign → cells (→ repair)     blocks → the template's cells, by label
    narrative                            section prose → figures with their sentences

Only the readers know a file format; nothing after them does. No Django import anywhere here.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from gongkai.core.findings import Finding
from gongkai.reports import tables
from gongkai.reports.parse import assign, ending, labels, narrative, normalize, rows, sections
from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.cells import CellReader
from gongkai.reports.parse.errors import MAX_BYTES, UnreadableDocument
from gongkai.reports.parse.pdf import read_pdf
from gongkai.reports.parse.text import read_text
from gongkai.reports.parse.webpage import read_html
from gongkai.reports.parse.word import read_docx
from gongkai.reports.tables import ReportData

__all__ = ["UnreadableDocument", "parse_document", "read_blocks"]

_HTML_HINTS = (b"<html", b"<!doctype html", b"<table", b"<body", b"<div", b"<p>", b"<meta")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def read_blocks(data: bytes, filename: str = "") -> list[Block]:
    """Sniff the format from the bytes (the name only breaks ties) and read it."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(
            f"文件过大（{len(data) // 1048576} MB），超过 {MAX_BYTES // 1048576} MB 的上限"
        )
    if not data.strip():
        raise UnreadableDocument("文件为空")
    suffix = PurePath(filename).suffix.lower()
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return read_pdf(data)
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xls", ".pptx"):
            raise UnreadableDocument(
                "这是 Excel 或演示文稿文件，请提供报告的 PDF、Word（.docx）、网页或文本版本"
            )
        return read_docx(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument("这是旧版 Word（.doc）或 WPS 文件，请另存为 .docx 或 PDF 后再检查")
    if head.startswith(_IMAGE_MAGIC):
        raise UnreadableDocument("这是图片文件，没有可读取的文字，请提供文字版的报告")
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or any(
        h in head.lower() for h in _HTML_HINTS
    ):
        return read_html(data)
    if suffix == ".pdf":
        raise UnreadableDocument("文件扩展名是 .pdf，但内容不是 PDF（文件可能已损坏或不完整）")
    if suffix == ".docx":
        raise UnreadableDocument("文件扩展名是 .docx，但内容不是 Word 文档（文件可能已损坏）")
    return read_text(data)


def parse_document(data: bytes, filename: str = "") -> tuple[ReportData, list[Finding]]:
    """Read a report; the findings say where the layout had to be repaired or a cell was bad.

    Raises UnreadableDocument (with a Chinese reason) when the file is not a readable report.
    """
    if data.lstrip()[:1] == b"{":
        return _read_json(data), []
    blocks = sections.split_run_in(_simplified(read_blocks(data, filename)))
    outline = sections.outline(blocks)
    walk = assign.walk(rows.extract(blocks))
    template = _template(walk, outline)
    if (
        not walk.found
        and outline.title_year is None
        and not (outline.found and _about_disclosure(outline))
    ):
        raise UnreadableDocument(
            "文件中没有找到政府信息公开工作年度报告的标题、章节或统计表，可能不是年度报告"
        )
    reader = CellReader(tables.TEMPLATES[template], walk) if template != "unknown" else None
    cells, findings = reader.read() if reader else ({}, [])
    figures = narrative.read(outline.preamble, outline.sections, outline.title_year)
    statistics_year = figures.get("statistics_year")
    report = ReportData(
        template=template,
        agency=outline.agency,
        year=outline.title_year or (statistics_year.value if statistics_year else None),
        sections={key: outline.text(key) for key in tables.SECTION_KEYS},
        cells=cells,
        narrative=figures,
        marks=reader.marks if reader else {},
        begins=ending.start_part(outline, cells),
    )
    # A page from the middle (a flip-book's page) ends where its page ends, not where the
    # report does: unless it reaches 六, it is cut off there too.
    report.truncated = ending.cut_part(blocks, outline, cells) or (
        ending.reached_part(outline, cells) if report.begins else ""
    )
    if report.truncated == "other":
        report.truncated = ""
    return report, findings


def _about_disclosure(outline: sections.Outline) -> bool:
    """A text with a section heading of the report that speaks of 政府信息公开 (a report's page
    copied only in part) is a report to check, not junk."""
    text = "".join(outline.preamble[:20]) + "".join(
        "".join(paragraphs[:10]) for paragraphs in outline.sections.values()
    )
    return "信息公开" in text or "政务公开" in text


# Some mirrors gloss every character with its pinyin: 「内(nèi)容」. The glosses go.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def _simplified(blocks: list[Block]) -> list[Block]:
    """Traditional characters → simplified, pinyin glosses dropped, for the whole document."""
    sample = "".join(b.raw for b in blocks[:400] if isinstance(b, Line))
    sample += "".join(
        c or "" for b in blocks[:40] if isinstance(b, Table) for row in b.rows for c in row
    )
    glossed = len(_PINYIN.findall(sample[:20000])) >= 5
    traditional = normalize.is_traditional(sample)
    if not traditional and not glossed:
        return blocks

    def convert(text: str) -> str:
        text = _PINYIN.sub("", text) if glossed else text
        return normalize.simplified(text) if traditional else text

    return [
        Table(tuple(tuple(convert(c) if c else c for c in row) for row in b.rows))
        if isinstance(b, Table)
        else Line(
            convert(b.raw),
            tuple(convert(c) for c in b.cells) if b.cells else b.cells,
            b.cont,
            b.heading,
        )
        for b in blocks
    ]


def _read_json(data: bytes) -> ReportData:
    """A report exported as gongkai.report/1 JSON reads back as itself (findings are recomputed)."""
    try:
        return ReportData.from_json(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableDocument("JSON 文件格式错误，无法解析") from exc
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise UnreadableDocument(f"JSON 不是 {tables.SCHEMA} 格式的报告数据：{exc}") from exc


def _template(walk: assign.Walk, outline: sections.Outline) -> str:
    votes_2021, votes_2019 = labels.template_votes(walk.all_labels)
    found_rows = {key for table, key in walk.found if table == "T3"}
    votes_2021 += bool(found_rows & {"other.no_correction", "other.unpaid_fee", "other.other"})
    votes_2019 += "other" in found_rows
    if votes_2021 != votes_2019:
        return "2021" if votes_2021 > votes_2019 else "2019"
    if not walk.found:
        return "unknown"
    year = outline.title_year
    return "2019" if year is not None and year < 2021 else "2021"
