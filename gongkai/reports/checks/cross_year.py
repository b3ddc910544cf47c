"""Two consecutive years of the same agency (C-4, H-1, H-3)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gongkai.core.findings import Finding, error, warning
from gongkai.reports import tables
from gongkai.reports.parse import normalize
from gongkai.reports.tables import ReportData, t3_key

_JUMP = 500  # a fee amount that grows or shrinks this many times over is likely 元 vs 万元


def same_agency(a: str, b: str) -> bool:
    return normalize.label(a) == normalize.label(b)


def check_previous(report: ReportData, previous: ReportData) -> Iterator[Finding]:
    if report.year is None or previous.year != report.year - 1:
        yield warning(
            "PREVIOUS_MISMATCH",
            f"对比用的上年报告年度为{previous.year}，本报告年度为{report.year}，不是相邻两年，未做跨年度核对",
        )
        return
    if not same_agency(report.agency, previous.agency):
        yield warning(
            "PREVIOUS_MISMATCH",
            f"上年报告的机关“{previous.agency}”与本报告“{report.agency}”名称不同，请确认是同一机关（仍做了跨年度核对）",
        )
    yield from _carry_over(report, previous)
    yield from _stock_flow(report, previous)
    yield from _fee_jump(report, previous)


def _carry_over(report: ReportData, previous: ReportData) -> Iterator[Finding]:
    for col in tables.T3_COLUMNS:
        before = previous.cells.get(t3_key("carried_out", col))
        now = report.cells.get(t3_key("carried_in", col))
        if before is None or now is None or before == now:
            continue
        yield error(
            "CARRY_OVER_MISMATCH",
            f"表三“{tables.T3_COLUMN_LABELS[col]}”列：本年“上年结转”为{now}，"
            f"而{previous.year}年报告“结转下年度继续办理”为{before}",
            (t3_key("carried_in", col),),
        )


def _stock_flow(report: ReportData, previous: ReportData) -> Iterator[Finding]:
    if report.template != "2021" or previous.template != "2021":
        return
    for item, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        keys = [f"proactive.{item}.{c}" for c in ("issued", "repealed", "in_force")]
        issued, repealed, in_force = (report.cells.get(k) for k in keys)
        last = previous.cells.get(f"proactive.{item}.in_force")
        if None in (issued, repealed, in_force, last):
            continue
        expected = int(last or 0) + int(issued or 0) - int(repealed or 0)
        if expected != in_force:
            yield warning(
                "T2_STOCK_FLOW",
                f"表二“{name}”：上年现行有效{last}＋本年制发{issued}－本年废止{repealed}＝{expected}，"
                f"而本年现行有效为{in_force}（文件到期失效或修订时会有差异，请核对）",
                tuple(keys),
            )


def _fee_jump(report: ReportData, previous: ReportData) -> Iterator[Finding]:
    key = "proactive.fees.amount"
    now, before = report.cells.get(key), previous.cells.get(key)
    if not now or not before:
        return
    ratio = Decimal(now) / Decimal(before)
    if ratio >= _JUMP or ratio <= Decimal(1) / _JUMP:
        yield warning(
            "MONEY_PRECISION",
            f"行政事业性收费金额由上年{tables.format_money(Decimal(before))}万元变为"
            f"{tables.format_money(Decimal(now))}万元，相差数百倍以上，疑似元与万元混填",
            (key,),
        )
