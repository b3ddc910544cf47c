"""The three tables as the template draws them: rows of cells with their spans.

One drawing, many outputs: HTML, Word and (through HTML) PDF draw these cells; Markdown
flattens them. A cell with a `key` holds that report cell's value; the others are labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.reports import tables
from gongkai.reports.tables import OUTCOME_GROUP_LABEL, Template, t3_key


@dataclass(frozen=True)
class Cell:
    text: str = ""
    key: str | None = None
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    vertical: bool = False  # set upright in a narrow column, as the form sets 三、本年度办理结果


Grid = list[list[Cell]]


def placed(grid: Grid) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) in a rectangular grid: a cell's column skips the places taken by
    the spans of the cells above and before it, as a table drawn with merges needs."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken.update(
                (r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
            )
            yield r, c, cell
            c += cell.colspan


_T2_WIDTH = 3  # value columns of Table 二 (the 第二十条第（一）项 block has three)
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def proactive(template: Template) -> Grid:
    grid: Grid = []
    caption = None
    for item in template.proactive:
        if item.caption != caption:
            caption = item.caption
            grid.append([Cell(caption, colspan=_T2_WIDTH + 1, header=True)])
            grid.append(
                [
                    Cell("信息内容", header=True),
                    *_spread([Cell(label, header=True) for _, label in item.columns]),
                ]
            )
        grid.append(
            [
                Cell(item.label, header=True),
                *_spread(
                    [
                        Cell(key=f"{template.proactive_prefix}.{item.key}.{col}")
                        for col, _ in item.columns
                    ]
                ),
            ]
        )
    return grid


def _spread(cells: list[Cell]) -> list[Cell]:
    """Stretch the last cell so that every block is as wide as the widest one."""
    extra = _T2_WIDTH - len(cells)
    if extra <= 0:
        return cells
    last = cells[-1]
    return [*cells[:-1], Cell(last.text, last.key, colspan=1 + extra, header=last.header)]


def applications(template: Template) -> Grid:
    grid: Grid = [
        [
            Cell(T3_NOTE, colspan=3, rowspan=3, header=True),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [Cell(tables.T3_COLUMN_LABELS[c], header=True) for c in tables.APPLICANT_COLUMNS[1:]],
    ]
    outcome_rows = [r for r in template.t3_rows if r.is_outcome or r.key == "handled_total"]
    group_sizes: dict[str, int] = {}
    for row in template.t3_rows:
        if row.group:
            group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    seen_groups: set[str] = set()
    for row in template.t3_rows:
        labels: list[Cell] = []
        if row.key in ("new", "carried_in", "carried_out"):
            labels = [Cell(row.label, colspan=3, header=True)]
        else:
            if row is outcome_rows[0]:
                labels.append(
                    Cell(OUTCOME_GROUP_LABEL, rowspan=len(outcome_rows), header=True, vertical=True)
                )
            if row.group and row.group not in seen_groups:
                seen_groups.add(row.group)
                labels.append(Cell(row.group, rowspan=group_sizes[row.group], header=True))
            if row.group:
                labels.append(Cell(f"{row.number}.{row.label}", header=True))
            else:
                labels.append(Cell(row.label, colspan=2, header=True))
        grid.append([*labels, *(Cell(key=t3_key(row.key, c)) for c in tables.T3_COLUMNS)])
    return grid


def disputes() -> Grid:
    results = [Cell(tables.DISPUTE_RESULT_LABELS[r], header=True) for r in tables.DISPUTE_RESULTS]
    return [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [
            *(Cell(c.text, rowspan=2, header=True) for c in results),
            Cell("未经复议直接起诉", colspan=5, header=True),
            Cell("复议后起诉", colspan=5, header=True),
        ],
        results + results,
        [Cell(key=k) for k in tables.DISPUTE_KEYS],
    ]


def value_text(report: tables.ReportData, key: str) -> str:
    value = report.cells.get(key)
    if value is None:
        return ""
    if key in tables.MONEY_KEYS:
        return tables.format_money(Decimal(value))
    return str(value)


def title(report: tables.ReportData) -> tuple[str, str]:
    """(agency line, title line), as a report's cover prints them."""
    year = f"{report.year}年" if report.year is not None else ""
    return report.agency, f"{year}政府信息公开工作年度报告"
