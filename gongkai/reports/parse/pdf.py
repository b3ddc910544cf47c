"""PDF through pdfplumber: ruled tables as grids (merged cells come back as None), the rest as
lines whose geometry tells a wrapped line from a new paragraph. Tables split by a page break
stay two grids; the interpreter follows rows by label across them."""

from __future__ import annotations

import io
import logging
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from gongkai.core import containers
from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.errors import MAX_PDF_PAGES, UnreadableDocument
from gongkai.reports.parse.text import is_page_number

logging.getLogger("pdfminer").setLevel(logging.ERROR)

_MAX_CHARS_PER_PAGE = 100_000


def read_pdf(data: bytes) -> list[Block]:
    try:
        containers.pdf_container(data)  # bombs and polyglots, before anything is inflated
    except containers.ContainerError as exc:
        raise UnreadableDocument(exc.reason) from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise UnreadableDocument("PDF 文件已加密，无法读取其中的文字") from exc
        if isinstance(cause, (PDFSyntaxError, PSException, ValueError, KeyError, TypeError)):
            raise UnreadableDocument("PDF 文件已损坏或不完整，无法打开") from exc
        raise UnreadableDocument("PDF 文件无法打开（格式异常）") from exc
    try:
        with pdf:  # closing walks the pages again, so it can raise too
            return _read_pages(pdf)
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises assorted errors deep inside broken streams
        raise UnreadableDocument("PDF 文件内容已损坏，无法读取") from exc


def _read_pages(pdf: Any) -> list[Block]:
    pages = pdf.pages
    if len(pages) > MAX_PDF_PAGES:
        raise UnreadableDocument(
            f"PDF 有 {len(pages)} 页，超出年度报告的合理范围（{MAX_PDF_PAGES} 页）"
        )
    blocks: list[Block] = []
    chars_seen = 0
    previous: dict[str, float] | None = None  # geometry of the last prose line
    for page in pages:
        if len(page.chars) > _MAX_CHARS_PER_PAGE:
            raise UnreadableDocument("PDF 单页文字过多，超出年度报告的合理范围")
        chars_seen += len(page.chars)
        items: list[tuple[float, Table | dict[str, Any]]] = []
        boxes = []
        for found in page.find_tables():
            grid = found.extract()
            if any(sum(cell is not None for cell in row) >= 2 for row in grid):
                boxes.append(found.bbox)
                items.append((found.bbox[1], Table(tuple(tuple(row) for row in grid))))
        for line in page.extract_text_lines(return_chars=False):
            if not _inside(line, boxes) and not is_page_number(line["text"]):
                items.append((line["top"], line))
        lines = [item for _, item in items if isinstance(item, dict)]
        left = min((ln["x0"] for ln in lines), default=0.0)
        right = max((ln["x1"] for ln in lines), default=0.0)
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if not isinstance(item, dict):
                blocks.append(item)
                previous = None
                continue
            size = max(item["bottom"] - item["top"], 1.0)  # about one character's width
            # A wrapped line starts at the margin where the line above ran (nearly) to the
            # other margin; CJK line breaking may leave a few character widths unused.
            cont = (
                previous is not None
                and item["x0"] <= left + 0.5 * size
                and previous["x1"] >= previous["right"] - 3 * size
            )
            blocks.append(Line(item["text"], cont=cont))
            previous = {"x1": item["x1"], "right": right}
    if chars_seen == 0:
        raise UnreadableDocument(
            "PDF 中没有可读取的文字（可能是扫描图片），请提供文字版 PDF 或网页版本"
        )
    return blocks


def _inside(line: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    middle_x = (line["x0"] + line["x1"]) / 2
    middle_y = (line["top"] + line["bottom"]) / 2
    return any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)
