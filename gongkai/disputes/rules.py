"""Table 四 from the register: which year a dispute counts in and under which result.

A dispute counts in the year it was brought (申请复议 / 起诉); its result is the one known at that
year's end, so one decided later is 尚未审结 in its own year. Keys are report-json.md's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.reports.tables import DISPUTE_GROUPS, DISPUTE_RESULTS, dispute_key

PENDING = "pending"
RESULTS = tuple(r for r in DISPUTE_RESULTS if r != "total")  # upheld, corrected, other, pending
RECONSIDERATION = "reconsideration"
AFTER_RECONSIDERATION = "litigation_after_reconsideration"


@dataclass(frozen=True)
class Record:
    kind: str  # a DISPUTE_GROUPS key
    filed_on: date
    decided_on: date | None = None
    result: str = PENDING


def result_at(record: Record, day: date) -> str:
    """The result as known on `day`: pending until it is decided."""
    if record.decided_on is None or record.decided_on > day or record.result == PENDING:
        return PENDING
    return record.result


def table_four(records: Iterable[Record], year: int) -> dict[str, int]:
    """Every cell of Table 四 for the year."""
    cells = {dispute_key(g, r): 0 for g in DISPUTE_GROUPS for r in DISPUTE_RESULTS}
    year_end = date(year, 12, 31)
    for record in records:
        if record.filed_on.year != year:
            continue
        cells[dispute_key(record.kind, result_at(record, year_end))] += 1
        cells[dispute_key(record.kind, "total")] += 1
    return cells


def problems(record: Record, follows: Record | None, today: date) -> list[str]:
    """What is wrong with a record, in Chinese, for the form (empty when it is sound)."""
    out: list[str] = []
    if record.kind not in DISPUTE_GROUPS:
        out.append("请选择复议或诉讼的类别")
    if record.result not in RESULTS:
        out.append("请选择审理结果")
    if record.filed_on > today:
        out.append("申请或起诉日期不能晚于今天")
    if record.decided_on is not None:
        if record.decided_on < record.filed_on:
            out.append("审结日期不能早于申请或起诉日期")
        if record.decided_on > today:
            out.append("审结日期不能晚于今天")
    if (record.result == PENDING) != (record.decided_on is None):
        out.append("已审结的须填写审结日期和结果；尚未审结的不填审结日期")
    if record.kind == AFTER_RECONSIDERATION:
        if follows is None or follows.kind != RECONSIDERATION:
            out.append("复议后起诉须关联此前的行政复议")
        elif follows.filed_on > record.filed_on:
            out.append("复议后起诉的日期不能早于复议申请日期")
    elif follows is not None:
        out.append("只有复议后起诉可以关联此前的行政复议")
    return out
