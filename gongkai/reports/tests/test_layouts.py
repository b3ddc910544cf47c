"""Every table layout the corpus met on real report pages, written out from one generated
report's cells and read back to the same cells: pipe rows without the outer pipes and with
half-width brackets, one cell per line closed by `|`, a `|` alone between cells, cells between
blank lines, Table 四's header split over lines, flip-book page banners, dash cells, totals only.
(The shapes are the corpus's; each is also a real file under corpus/.)"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from gongkai.reports import examples, tables
from gongkai.reports.checks import check_document
from gongkai.reports.tables import T3_COLUMNS, ReportData, t3_key

TEMPLATE = tables.TEMPLATE_2021
T4_HEADER = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
    *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
]


def _report() -> ReportData:
    return examples.generate(random.Random(21), "2021")


def _half_width(label: str) -> str:
    return label.translate(str.maketrans("（），：", "(),:"))


def _cell(key: str, value: object) -> str:
    return "——" if value is None else str(tables.cell_to_json(key, value))  # type: ignore[arg-type]


def _rows(report: ReportData, half: bool = True) -> list[tuple[str, list[str]]]:
    """(label, cells) of every data row of Tables 二, 三 and 四, in the document's order."""
    out: list[tuple[str, list[str]]] = [("一、总体情况", []), ("二、主动公开政府信息情况", [])]
    for item in TEMPLATE.proactive:
        keys = [f"proactive.{item.key}.{c}" for c, _ in item.columns]
        out.append((item.label, [_cell(k, report.cells[k]) for k in keys]))
    out.append(("三、收到和处理政府信息公开申请情况", []))
    for row in TEMPLATE.t3_rows:
        label = f"{row.number}.{row.label}" if row.number else row.label
        out.append(
            (
                label,
                [_cell(t3_key(row.key, c), report.cells[t3_key(row.key, c)]) for c in T3_COLUMNS],
            )
        )
    out.append(("四、政府信息公开行政复议、行政诉讼情况", []))
    out.append(("T4", [_cell(k, report.cells[k]) for k in tables.DISPUTE_KEYS]))
    return [(_half_width(label) if half else label, cells) for label, cells in out]


def pipes_without_outer_pipes(report: ReportData) -> str:
    lines = []
    for label, cells in _rows(report):
        if label == "T4":
            lines.append(" | ".join(T4_HEADER) + " |")
            lines.append(" | ".join(cells) + " |")
        elif not cells:
            lines.append(label)
        else:
            lines.append(f"{label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def one_cell_per_line_closed_by_pipe(report: ReportData) -> str:
    lines = []
    for label, cells in _rows(report):
        if not cells:
            lines.append(label)
            continue
        for cell in (
            ([] if label == "T4" else [label]) + (T4_HEADER if label == "T4" else []) + cells
        ):
            lines.append(f"{cell} |")
    return "\n".join(lines)


def pipe_alone_between_cells(report: ReportData) -> str:
    lines = []
    for label, cells in _rows(report):
        if not cells:
            lines.append(label)
            continue
        for cell in (T4_HEADER if label == "T4" else [label]) + cells:
            lines += ["|", cell]
        lines.append("|")
    return "\n".join(lines)


def cells_between_blank_lines(report: ReportData) -> str:
    lines = []
    for label, cells in _rows(report):
        for cell in (
            ([] if label == "T4" else [label]) + (T4_HEADER if label == "T4" else []) + cells
        ):
            lines += [cell, ""]
    return "\n".join(lines)


def flip_book(report: ReportData) -> str:
    """Fixed-width lines with page banners between them, and Table 四's header split over
    lines, character columns apart, as PDF flip-book pages give it."""
    lines = []
    for n, (label, cells) in enumerate(_rows(report)):
        if n % 9 == 0:
            lines += [f"Page {n // 9 + 2} - 某局2023年政府信息公开工作年度报告", f"P. {n // 9 + 2}"]
        if label == "T4":
            lines += [
                "行政复议 行政诉讼",
                "未经复议直接起诉 复议后起诉",
                "结 结 其 尚",
                "果 果 他 未",
            ]
            lines += [
                "总计 果 果 他 未 总 果 果 他 未 总",
                "维 纠 结 审",
                "持 正 果 结",
                " ".join(cells),
            ]
        else:
            lines.append(" ".join([label, *cells]))
    return "\n".join(lines)


LAYOUTS: dict[str, Callable[[ReportData], str]] = {
    "pipes-without-outer-pipes": pipes_without_outer_pipes,
    "one-cell-per-line-closed-by-pipe": one_cell_per_line_closed_by_pipe,
    "pipe-alone-between-cells": pipe_alone_between_cells,
    "cells-between-blank-lines": cells_between_blank_lines,
    "flip-book": flip_book,
}
TITLE = "某局2023年政府信息公开工作年度报告\n"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_reads_back_to_the_same_cells(layout: str) -> None:
    report = _report()
    text = TITLE + LAYOUTS[layout](report)
    read, findings = check_document(text.encode(), f"{layout}.txt")
    wrong = {k: (v, read.cells.get(k)) for k, v in report.cells.items() if read.cells.get(k) != v}
    assert wrong == {}
    assert not [f for f in findings if f.code in ("LAYOUT_UNRESOLVED", "ROW_MISSING")]


def test_dash_cells_are_zero_and_stay_null() -> None:
    report = _report()
    dashed = re.sub(r"(?:(?<=\| )|^)0(?= \|)", "——", pipes_without_outer_pipes(report), flags=re.M)
    text = TITLE + dashed
    read, findings = check_document(text.encode(), "dashes.txt")
    zeros = [k for k, v in report.cells.items() if v == 0 and not k.startswith("proactive")]
    assert zeros and all(read.cells[k] is None and read.marks[k] == "——" for k in zeros)
    assert not [f for f in findings if f.code.startswith(("T3_", "T4_"))]


def test_values_only_in_the_total_column() -> None:
    report = _report()
    lines = []
    for label, cells in _rows(report):
        if cells and label not in ("T4",) and len(cells) == 7:
            lines.append(f"{label} {cells[-1]}")  # the 总计 alone
        elif label == "T4":
            lines.append(" ".join(cells))
        elif cells:
            lines.append(" ".join([label, *cells]))
        else:
            lines.append(label)
    read, _ = check_document((TITLE + "\n".join(lines)).encode(), "totals.txt")
    for row in TEMPLATE.t3_rows:
        assert read.cells[t3_key(row.key, "total")] == report.cells[t3_key(row.key, "total")]
        assert read.cells[t3_key(row.key, "natural_person")] is None


def test_a_heading_wrapped_over_lines_is_a_heading() -> None:
    """「一、总体」「情况」, or a character per line as flip-books give it: present, not missing."""
    text = (
        "某局2023年政府信息公开工作年度报告\n一、总体\n情况\n本年度我局做好政务公开工作。\n"
        + "\n".join("二、主动公开政府信息情况")
        + "\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无"
    )
    report, findings = check_document(text.encode(), "wrapped.txt")
    assert report.sections["overview"] == "本年度我局做好政务公开工作。"
    assert report.sections["other"] == "无"  # a heading is not joined to its one-word content
    assert not [f for f in findings if f.code == "SECTION_MISSING" and "总体情况" in f.message]
