"""Word documents (.docx): body paragraphs and tables in document order, merged cells kept."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from gongkai.core import containers
from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.errors import MAX_TABLE_ROWS, UnreadableDocument

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_T, _TAB, _BR = qn("w:t"), qn("w:tab"), qn("w:br")


def check_archive(data: bytes) -> None:
    """Refuse zip bombs, entity bombs and non-Word archives before python-docx inflates
    anything (core.containers)."""
    try:
        containers.zip_package(data, "word/document.xml", "Word ").close()
    except containers.ContainerError as exc:
        raise UnreadableDocument(exc.reason) from None


def read_docx(data: bytes) -> list[Block]:
    check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise UnreadableDocument("Word 文件已损坏，无法打开") from exc
    blocks: list[Block] = []
    _body(document.element.body, blocks)
    return blocks


def _body(container: object, blocks: list[Block]) -> None:
    for child in container:  # type: ignore[attr-defined]
        if child.tag == _P:
            text = _paragraph_text(child)
            if text.strip():
                style = child.style or ""
                heading = style.lower().startswith(("heading", "title")) or style.startswith("标题")
                blocks.append(Line(text.strip(), heading=heading))
        elif child.tag == _TBL:
            blocks.append(_grid(child))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _body(content, blocks)


def _paragraph_text(p: object) -> str:
    parts = []
    for node in p.iter(_T, _TAB, _BR):  # type: ignore[attr-defined]
        parts.append(node.text or "" if node.tag == _T else ("\t" if node.tag == _TAB else "\n"))
    return "".join(parts)


def _grid(tbl: object) -> Table:
    rows: list[tuple[str | None, ...]] = []
    trs = tbl.tr_lst  # type: ignore[attr-defined]
    if len(trs) > MAX_TABLE_ROWS:
        raise UnreadableDocument(f"Word 表格有 {len(trs)} 行，超出年度报告的合理范围")
    for tr in trs:
        row: list[str | None] = [None] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            continued = tc.vMerge == "continue"
            text = "\n".join(_paragraph_text(p) for p in tc.iter(_P)).strip()
            row.append(None if continued else text)
            row.extend([None] * (tc.grid_span - 1))
        rows.append(tuple(row))
    return Table(tuple(rows))
