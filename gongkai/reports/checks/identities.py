"""Evaluating one `total = sum(parts)` identity over cells that may be blank.

A blank cell is unknown, not zero: the identity then fails only if the known parts already
exceed the total (a blank can only add), and is otherwise reported as uncertain, never as held.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.core.findings import Finding, error, info
from gongkai.reports.tables import Cell, ReportData

UNCERTAIN = "CHECK_UNCERTAIN"


def identity(
    report: ReportData,
    code: str,
    total: str,
    parts: Sequence[str],
    message: str,
    what: str,
) -> Finding | None:
    """`message` words the failure with {sum} and {total}; `what` names the identity."""
    cells = report.cells
    keys = (total, *parts)
    if any(k not in cells for k in keys):
        return None  # a missing row or table is reported by ROW_MISSING / SECTION_MISSING
    blanks = tuple(k for k in keys if cells[k] is None)
    known = sum(_number(cells[k]) for k in parts if cells[k] is not None)
    if not blanks:
        actual = _number(cells[total])
        if known == actual:
            return None
        return error(code, message.format(sum=known, total=actual), keys)
    if cells[total] is not None and known > _number(cells[total]):
        worded = message.format(sum=known, total=_number(cells[total]))
        return error(code, worded + "（另有空白单元格，空白只会使差距更大）", keys)
    return uncertain(what, blanks)


def uncertain(what: str, blanks: tuple[str, ...]) -> Finding:
    return info(
        UNCERTAIN, f"{what}无法核对：有 {len(blanks)} 个单元格为空白（空白不等于0）", blanks
    )


def _number(value: Cell) -> int:
    return int(value) if value is not None else 0
