"""ReportData → a clean, printable HTML page, tables drawn exactly as the template draws them.

`table_html` is also what the upload page uses to show the tables as read, with each
finding's cells marked, so that what a user sees there is what the exports contain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from gongkai.reports import tables
from gongkai.reports.render import layout
from gongkai.reports.tables import ReportData

STYLE = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111;
       line-height: 1.75; font-size: 12pt; margin: 0 auto; max-width: 48em; }
h1 { font-size: 17pt; text-align: center; line-height: 1.5; margin: 0 0 1.2em; }
h1 span { display: block; }
h2 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", sans-serif;
     font-size: 13pt; margin: 1.4em 0 0.6em; }
p { text-indent: 2em; margin: 0 0 0.3em; text-align: justify; }
table.report { border-collapse: collapse; width: 100%; font-size: 9.5pt; line-height: 1.35;
               margin: 0.4em 0 1em; page-break-inside: auto; }
table.report th, table.report td { border: 0.8pt solid #222; padding: 3pt 4pt; }
table.report th { font-weight: normal; text-align: left; background: #f3f3f3; }
table.report td { text-align: center; font-variant-numeric: tabular-nums; }
table.report tr { page-break-inside: avoid; }
"""


@dataclass(frozen=True)
class Mark:
    """How the upload page marks a cell: a CSS class and the ids of the findings about it."""

    css: str
    finding_ids: tuple[str, ...]


def table_html(
    report: ReportData,
    grid: layout.Grid,
    caption: str,
    marks: Mapping[str, Mark] | None = None,
    link: Callable[[str], str] | None = None,
) -> str:
    """`link`, when given, makes each value a link (to the records behind the cell)."""
    marks = marks or {}
    out = [f'<table class="report" aria-label="{escape(caption)}">']
    for row in grid:
        out.append("<tr>")
        scope = "row" if any(cell.key for cell in row) else "col"
        for cell in row:
            spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            if cell.key is None:
                out.append(f'<th scope="{scope}"{spans}>{escape(cell.text)}</th>')
                continue
            mark = marks.get(cell.key)
            attrs = f' data-cell="{escape(cell.key)}"'
            if mark:
                attrs += f' class="{mark.css}" aria-describedby="{" ".join(mark.finding_ids)}"'
            value = escape(layout.value_text(report, cell.key))
            if link is not None:
                value = f'<a href="{escape(link(cell.key))}">{value or "（空）"}</a>'
            out.append(f"<td{spans}{attrs}>{value}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def tables_by_section(report: ReportData) -> list[tuple[str, str, layout.Grid]]:
    """(section key, title, grid) for the three tables of the report's template."""
    template = report.template_def or tables.TEMPLATE_2021
    return [
        ("proactive", tables.SECTION_TITLES["proactive"], layout.proactive(template)),
        ("applications", tables.SECTION_TITLES["applications"], layout.applications(template)),
        ("disputes", tables.SECTION_TITLES["disputes"], layout.disputes()),
    ]


def render_html(report: ReportData) -> str:
    agency, title = layout.title(report)
    grids = {key: (heading, grid) for key, heading, grid in tables_by_section(report)}
    body = [f"<h1><span>{escape(agency)}</span><span>{escape(title)}</span></h1>"]
    for key in ("overview", "proactive", "applications", "disputes", "problems", "other"):
        body.append(f"<h2>{escape(tables.SECTION_TITLES[key])}</h2>")
        if key in grids:
            heading, grid = grids[key]
            body.append(table_html(report, grid, heading))
        else:
            body.extend(f"<p>{escape(p)}</p>" for p in paragraphs(report.sections.get(key, "")))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(agency + title)}</title><style>{STYLE}</style></head>\n<body><main>"
        + "\n".join(body)
        + "</main></body></html>\n"
    )


def paragraphs(text: str) -> list[str]:
    return [p for p in (line.strip() for line in text.split("\n")) if p]
