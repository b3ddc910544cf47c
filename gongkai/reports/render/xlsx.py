"""ReportData → Excel (.xlsx): the three tables, one sheet each, drawn as the template draws
them (merged header cells), numbers as numbers so the sheet can be summed, text (an agency's
name, a mark) as text even when it looks like a formula (core.formulas)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.core import formulas
from gongkai.reports.render import layout
from gongkai.reports.render.html import tables_by_section
from gongkai.reports.tables import ReportData

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHEETS = {
    "proactive": "表二 主动公开",
    "applications": "表三 依申请公开",
    "disputes": "表四 复议诉讼",
}


def render_xlsx(report: ReportData) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for key, heading, grid in tables_by_section(report):
        sheet = book.create_sheet(_SHEETS.get(key, key)[:31])
        agency, title = layout.title(report)
        formulas.xlsx_set(sheet.cell(row=1, column=1), f"{agency}{title}".strip() or heading)
        sheet.cell(row=1, column=1).font = Font(bold=True)
        _draw(sheet, report, grid, top=3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _draw(sheet: Worksheet, report: ReportData, grid: layout.Grid, top: int) -> None:
    for r, c, cell in layout.placed(grid):
        target = sheet.cell(row=top + r, column=c + 1)
        if cell.key is None:
            formulas.xlsx_set(target, cell.text)
            target.font = Font(bold=cell.header)
        else:
            value = report.cells.get(cell.key)
            formulas.xlsx_set(target, float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, Decimal):
                target.number_format = "0.0000"
        target.alignment = Alignment(wrap_text=True, vertical="center")
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                sheet.cell(row=top + r + dr, column=c + dc + 1).border = _BOX
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=top + r,
                start_column=c + 1,
                end_row=top + r + cell.rowspan - 1,
                end_column=c + cell.colspan,
            )
