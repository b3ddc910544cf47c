"""ReportData → Word (.docx): the same drawing as the HTML page, merged header cells included."""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from gongkai.reports import tables
from gongkai.reports.render import layout
from gongkai.reports.render.html import paragraphs, tables_by_section
from gongkai.reports.tables import ReportData

_BODY_FONT = "宋体"
_HEADING_FONT = "黑体"


def render_docx(report: ReportData) -> bytes:
    document = docx.Document()
    _font(document.styles["Normal"], _BODY_FONT, 12)
    agency, title = layout.title(report)
    for line in (agency, title):
        if line:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(line)
            run.bold = True
            run.font.size = Pt(16)
    grids = {key: (heading, grid) for key, heading, grid in tables_by_section(report)}
    for key in ("overview", "proactive", "applications", "disputes", "problems", "other"):
        heading = document.add_heading(tables.SECTION_TITLES[key], level=2)
        for run in heading.runs:
            _run_font(run, _HEADING_FONT)
        if key in grids:
            _table(document, report, grids[key][1])
            continue
        for text in paragraphs(report.sections.get(key, "")):
            paragraph = document.add_paragraph(text)
            paragraph.paragraph_format.first_line_indent = Pt(24)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: docx.document.Document, report: ReportData, grid: layout.Grid) -> None:
    width = sum(cell.colspan for cell in grid[0])
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Take every cell object once: table.cell() rescans the whole table on each call.
    cells = [table.rows[r].cells for r in range(len(grid))]
    for r, c, cell in layout.placed(grid):
        target = cells[r][c]
        if cell.colspan > 1 or cell.rowspan > 1:
            target = target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
        target.text = cell.text if cell.key is None else layout.value_text(report, cell.key)
        for paragraph in target.paragraphs:
            if cell.key is not None:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(9)


def _font(style: Any, name: str, size: int) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _run_font(run: Run, name: str) -> None:
    """Word takes Chinese text's font from w:eastAsia, which python-docx's font.name leaves unset."""
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
