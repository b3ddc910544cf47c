"""Render a report in the clean template: HTML, DOCX, PDF, Markdown or JSON.

layout     the three tables as the template draws them (cells and spans)
html       page, the published item's body (`render_body`) and tables (the upload page reuses
           `table_html`); pdf typesets the page; all styled by core's static report.css
word       .docx with merged header cells
markdown   headings, paragraphs, pipe tables
xlsx       the three tables, one sheet each
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from gongkai.core.findings import Finding
from gongkai.reports.render.html import render_html
from gongkai.reports.render.markdown import render_markdown
from gongkai.reports.render.pdf import render_pdf
from gongkai.reports.render.word import render_docx
from gongkai.reports.render.xlsx import render_xlsx
from gongkai.reports.tables import ReportData

FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", ".html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "pdf": ("application/pdf", ".pdf"),
    "md": ("text/markdown; charset=utf-8", ".md"),
    "json": ("application/json", ".json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def render_json(report: ReportData, findings: Sequence[Finding] = ()) -> str:
    return json.dumps(report.to_json(findings), ensure_ascii=False, indent=2) + "\n"


_RENDERERS: dict[str, Callable[[ReportData], bytes]] = {
    "html": lambda report: render_html(report).encode("utf-8"),
    "docx": render_docx,
    "pdf": render_pdf,
    "md": lambda report: render_markdown(report).encode("utf-8"),
    "xlsx": render_xlsx,
}


def render(report: ReportData, fmt: str, findings: Sequence[Finding] = ()) -> bytes:
    if fmt == "json":
        return render_json(report, findings).encode("utf-8")
    if fmt not in _RENDERERS:
        raise ValueError(f"不支持的输出格式：{fmt}（可选：{'、'.join(FORMATS)}）")
    return _RENDERERS[fmt](report)
