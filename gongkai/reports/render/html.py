"""ReportData → HTML, the tables drawn exactly as the template draws them: a page of its own
(`render_html`, which pdf.py typesets) or the body of the report's published item
(`render_body`: the six parts without the title, which the item's page shows as its h1).

`table_html` is also what the upload page and the back office use to show the tables, with each
finding's cells marked, so that what a user sees there is what the exports contain.

One stylesheet draws the grid everywhere: gongkai/core/static/gongkai/report.css, linked from
every page of the site and embedded in the page of its own, so the published page, its print
and the attached PDF have the same borders and merges. It reads only classes the editor's
sanitiser keeps (publishing.html.CLASSES): `report` on the table, `head` on a header cell,
`vertical` on the label the form sets upright.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from gongkai.reports import tables
from gongkai.reports.render import layout
from gongkai.reports.tables import ReportData

TABLE_CLASS = "report"
HEAD_CLASS = "head"  # a column header or a block caption: centred, as the form centres them
VERTICAL_CLASS = "vertical"

# The page of its own (and the PDF): type as the printed reports set it. The tables come from
# report.css, appended after this.
DOCUMENT_STYLE = """
@page { size: A4; margin: 22mm 20mm 20mm;
        @bottom-center { content: "- " counter(page) " -"; font-size: 10pt; } }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111;
       line-height: 1.75; font-size: 12pt; margin: 0 auto; max-width: 48em; padding: 0 1em; }
h1 { font-size: 17pt; text-align: center; line-height: 1.5; margin: 0 0 1.2em; }
h1 span { display: block; }
h2, h3 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", sans-serif;
         break-after: avoid; }
h2 { font-size: 13pt; margin: 1.4em 0 0.6em; }
h3 { font-size: 12pt; margin: 0.8em 0 0.3em; text-indent: 2em; }
p { text-indent: 2em; margin: 0 0 0.3em; text-align: justify; }
"""

# A sub-heading of a part standing on its own line, "（一）主动公开方面" (a run-in one, ending in
# 。 and followed by its text on the same line, stays a paragraph).
_SUBHEADING = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)][^。；;！!？?，,]{1,30}")


@cache
def stylesheet() -> str:
    """report.css, the one stylesheet of the report's tables (the site serves the same file)."""
    return resources.files("gongkai.core").joinpath("static/gongkai/report.css").read_text("utf-8")


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
    # Focusable: on a phone the table scrolls sideways in its own box (report.css), which the
    # keyboard must be able to reach (WCAG 2.1.1; axe's scrollable-region-focusable).
    out = [f'<table class="{TABLE_CLASS}" aria-label="{escape(caption)}" tabindex="0">']
    for group, rows in row_groups(grid):
        out.append(f"<{group}>")
        for row in rows:
            out.append("<tr>")
            heading = not any(cell.key for cell in row)
            for cell in row:
                spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                    f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
                )
                if cell.key is None:
                    css = [HEAD_CLASS] if heading else []
                    css += [VERTICAL_CLASS] if cell.vertical else []
                    attrs = f' class="{" ".join(css)}"' if css else ""
                    scope = "col" if heading else "row"
                    out.append(f'<th scope="{scope}"{spans}{attrs}>{escape(cell.text)}</th>')
                    continue
                out.append(_value(report, cell, spans, marks.get(cell.key), link))
            out.append("</tr>")
        out.append(f"</{group}>")
    out.append("</table>")
    return "".join(out)


def _value(
    report: ReportData,
    cell: layout.Cell,
    spans: str,
    mark: Mark | None,
    link: Callable[[str], str] | None,
) -> str:
    key = cell.key or ""
    attrs = f' data-cell="{escape(key)}"'
    if mark:
        attrs += f' class="{mark.css}" aria-describedby="{" ".join(mark.finding_ids)}"'
    value = escape(layout.value_text(report, key))
    if link is not None:
        value = f'<a href="{escape(link(key))}">{value or "（空）"}</a>'
    return f"<td{spans}{attrs}>{value}</td>"


def row_groups(grid: layout.Grid) -> list[tuple[str, layout.Grid]]:
    """("thead" | "tbody", rows). A table of one block, header rows then data rows (Tables 三
    and 四), gets a thead, which print repeats on every page the table runs onto. Table 二's
    blocks each open with their own caption and header rows: a tbody each, so that print keeps
    a block together and never repeats the first block's header over another's rows."""
    blocks: list[layout.Grid] = []
    for row in grid:
        heading = not any(cell.key for cell in row)
        if heading and (not blocks or any(cell.key for cell in blocks[-1][-1])):
            blocks.append([])
        if not blocks:
            blocks.append([])
        blocks[-1].append(row)
    if len(blocks) != 1:
        return [("tbody", block) for block in blocks]
    (block,) = blocks
    head = 0
    while head < len(block) and not any(cell.key for cell in block[head]):
        head += 1
    if head in (0, len(block)):
        return [("tbody", block)]
    return [("thead", block[:head]), ("tbody", block[head:])]


def tables_by_section(report: ReportData) -> list[tuple[str, str, layout.Grid]]:
    """(section key, title, grid) for the three tables of the report's template."""
    template = report.template_def or tables.TEMPLATE_2021
    return [
        ("proactive", tables.SECTION_TITLES["proactive"], layout.proactive(template)),
        ("applications", tables.SECTION_TITLES["applications"], layout.applications(template)),
        ("disputes", tables.SECTION_TITLES["disputes"], layout.disputes()),
    ]


def render_body(report: ReportData) -> str:
    """The six parts in the template's order under its headings (h2), the tables between them:
    everything but the title. The body of the report's item in the 政府信息公开年报 column."""
    grids = {key: (heading, grid) for key, heading, grid in tables_by_section(report)}
    body = []
    for key in tables.PARTS:
        body.append(f"<h2>{escape(tables.SECTION_TITLES[key])}</h2>")
        if key in grids:
            heading, grid = grids[key]
            body.append(table_html(report, grid, heading))
        else:
            body.extend(_prose(report.sections.get(key, "")))
    return "\n".join(body)


def render_html(report: ReportData) -> str:
    """A page of its own: the title (agency, then year and name, as a report's cover prints
    them) over `render_body`, styled for screen and print (A4)."""
    agency, title = layout.title(report)
    heading = f"<h1><span>{escape(agency)}</span><span>{escape(title)}</span></h1>"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(agency + title)}</title>"
        f"<style>{DOCUMENT_STYLE}{stylesheet()}</style></head>\n<body><main>"
        + heading
        + "\n"
        + render_body(report)
        + "</main></body></html>\n"
    )


def _prose(text: str) -> list[str]:
    return [
        f"<h3>{escape(line)}</h3>" if _SUBHEADING.fullmatch(line) else f"<p>{escape(line)}</p>"
        for line in paragraphs(text)
    ]


def paragraphs(text: str) -> list[str]:
    return [p for p in (line.strip() for line in text.split("\n")) if p]
