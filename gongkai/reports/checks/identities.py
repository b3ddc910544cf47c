"""Evaluating one `total = sum(parts)` identity over cells that may be blank.

A cell marked with the form's zero mark (—, ／, 无) counts as 0; an empty cell is unknown, not 0.
An identity fails when no non-negative values of its unknown cells could satisfy it: known parts
already above the total, or a total left empty while its parts are not all zero. Otherwise an
identity with unknown cells is reported as uncertain (info), never as held.
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.core.findings import Finding, error, info
from gongkai.reports.tables import UNREAD, Cell, ReportData

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
    keys = (total, *parts)
    if any(k not in report.cells for k in keys):
        return None  # a missing row or table is reported by ROW_MISSING / SECTION_MISSING
    amounts = {k: report.amount(k) for k in keys}
    unknown = tuple(k for k in keys if amounts[k] is None)
    known = sum(_number(amounts[k]) for k in parts)
    if not unknown:
        actual = _number(amounts[total])
        if known == actual:
            return None
        return error(code, message.format(sum=known, total=actual), keys)
    if amounts[total] is None:
        if known > 0 and report.marks.get(total) != UNREAD:  # left empty, not unreadable
            return error(code, f"{what}为空，而各项之和为{known}（至少）", keys)
        return uncertain(what, unknown)
    if known > _number(amounts[total]):
        worded = message.format(sum=known, total=_number(amounts[total]))
        return error(code, worded + "（另有空白单元格，空白只会使差距更大）", keys)
    return uncertain(what, unknown)


def uncertain(what: str, blanks: tuple[str, ...]) -> Finding:
    return info(
        UNCERTAIN, f"{what}无法核对：有 {len(blanks)} 个单元格为空白（空白不等于0）", blanks
    )


def _number(value: Cell) -> int:
    return int(value) if value is not None else 0
