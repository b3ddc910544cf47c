"""The prose against the tables (C-8) and against itself.

A figure the text states is held to the cells it restates; a total the text splits
(「其中…」) is held to its parts; a stated percentage to the ratio it claims; and the year in the
title, the statistics period and the text to each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from gongkai.core.findings import Finding, error, warning
from gongkai.reports import tables
from gongkai.reports.checks.arithmetic import outcome_rows
from gongkai.reports.tables import NarrativeFigure, ReportData, t3_key

_OUTCOME_GROUPS = {
    "granted": ("granted",),
    "partly_granted": ("partly_granted",),
    "withheld": ("withheld.",),
    "unavailable": ("unavailable.",),
    "not_processed": ("not_processed.",),
    "other_handling": ("other.", "other"),
}
_NAMES = {
    "applications_received": "收到申请数",
    "applications_handled": "办结（答复）申请数",
    "applications_carried_in": "上年结转申请数",
    "applications_carried_out": "结转下年度申请数",
    "granted": "予以公开",
    "partly_granted": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other_handling": "其他处理",
    "reconsiderations": "行政复议",
    "lawsuits": "行政诉讼",
}
_RESULT_WORDS = (
    ("维持", "upheld"),
    ("纠正", "corrected"),
    ("其他", "other"),
    ("未审结", "pending"),
    ("审理中", "pending"),
    ("未结", "pending"),
)
_CATCH_ALL = ("其他", "其它", "其余", "另有")


def table_keys(report: ReportData, key: str) -> tuple[str, ...] | None:
    """The cells a narrative figure restates; their sum is what the text should say."""
    simple = {
        "applications_received": ("new",),
        "applications_handled": ("handled_total",),
        "applications_carried_in": ("carried_in",),
        "applications_carried_out": ("carried_out",),
    }
    if key in simple:
        return tuple(t3_key(r, "total") for r in simple[key])
    if key in _OUTCOME_GROUPS:
        prefixes = _OUTCOME_GROUPS[key]
        rows = [r for r in outcome_rows(report) if r.startswith(prefixes[0]) or r in prefixes[1:]]
        return tuple(t3_key(r, "total") for r in rows)
    if key == "reconsiderations":
        return (tables.dispute_key("reconsideration", "total"),)
    if key == "lawsuits":
        return tuple(tables.dispute_key(g, "total") for g in tables.DISPUTE_GROUPS[1:])
    return None


def check_narrative(report: ReportData) -> Iterator[Finding]:
    for key, figure in sorted(report.narrative.items()):
        yield from _against_table(report, key, figure)
        yield from _parts_sum(key, figure)
        yield from _dispute_parts(report, key, figure)
        yield from _percent(report, key, figure)
    yield from _years(report)


def _sum(report: ReportData, keys: tuple[str, ...]) -> int | None:
    amounts = [report.amount(k) for k in keys]
    if not keys or any(a is None for a in amounts):
        return None
    return sum(int(a or 0) for a in amounts)


def _against_table(report: ReportData, key: str, figure: NarrativeFigure) -> Iterator[Finding]:
    keys = table_keys(report, key)
    if keys is None:
        return
    value = _sum(report, keys)
    if value is None:
        return
    if key == "applications_received" and "结转" in figure.quote:
        with_carried = _sum(report, (*keys, t3_key("carried_in", "total")))
        if figure.value == with_carried:
            return  # 「共收到申请40件（含上年结转2件）」 counts both
    if figure.approximate and figure.value <= value:
        return
    if figure.value != value:
        yield error(
            "TEXT_TABLE_MISMATCH",
            f"正文称{_NAMES[key]}为{figure.value}件，表中对应数字为{value}件",
            keys,
            figure.quote,
        )


def _parts_sum(key: str, figure: NarrativeFigure) -> Iterator[Finding]:
    if not figure.parts:
        return
    total = sum(p.value for p in figure.parts)
    listed = "、".join(f"{p.label}{p.value}" for p in figure.parts)
    exhaustive = any(p.label.startswith(_CATCH_ALL) for p in figure.parts) or key in (
        "reconsiderations",
        "lawsuits",
    )
    if total > figure.value or (exhaustive and total != figure.value and not figure.approximate):
        yield error(
            "TEXT_PARTS_SUM",
            f"正文所列各项（{listed}）之和为{total}，与同句所说的总数{figure.value}不符",
            quote=figure.quote,
        )


def _dispute_parts(report: ReportData, key: str, figure: NarrativeFigure) -> Iterator[Finding]:
    groups = {"reconsiderations": tables.DISPUTE_GROUPS[:1], "lawsuits": tables.DISPUTE_GROUPS[1:]}
    if key not in groups:
        return
    for part in figure.parts:
        result = next((r for word, r in _RESULT_WORDS if word in part.label), None)
        if result is None:
            continue
        keys = tuple(tables.dispute_key(g, result) for g in groups[key])
        value = _sum(report, keys)
        if value is not None and value != part.value:
            yield error(
                "TEXT_TABLE_MISMATCH",
                f"正文称{_NAMES[key]}{part.label}{part.value}件，表四对应数字为{value}件",
                keys,
                figure.quote,
            )


def _percent(report: ReportData, key: str, figure: NarrativeFigure) -> Iterator[Finding]:
    if figure.percent is None:
        return
    candidates = (
        _sum(report, (t3_key("handled_total", "total"),)),
        _sum(report, (t3_key("new", "total"),)),
        _sum(report, (t3_key("new", "total"), t3_key("carried_in", "total"))),
    )
    bases = sorted({b for b in candidates if b})
    if not bases:
        return
    places = max(0, -int(figure.percent.as_tuple().exponent))
    unit = Decimal(1).scaleb(-places)
    for base in bases:
        exact = Decimal(figure.value) * 100 / Decimal(base)
        if figure.percent in (
            exact.quantize(unit, ROUND_HALF_UP),
            exact.quantize(unit, ROUND_DOWN),
        ):
            return
    shown = "、".join(
        f"{figure.value}/{b}={Decimal(figure.value) * 100 / Decimal(b):.2f}%" for b in bases
    )
    yield error(
        "TEXT_PERCENT",
        f"正文称{_NAMES.get(key, key)}占{figure.percent}%，按表中数字计算为{shown}",
        quote=figure.quote,
    )


def _years(report: ReportData) -> Iterator[Finding]:
    stated = [("标题", report.year, "")]
    for key, where in (("statistics_year", "统计期限"), ("text_year", "正文")):
        figure = report.narrative.get(key)
        if figure is not None:
            stated.append((where, figure.value, figure.quote))
    known = [(w, y, q) for w, y, q in stated if y is not None]
    if len({y for _, y, _ in known}) > 1:
        described = "，".join(f"{w}为{y}年" for w, y, _ in known)
        quote = next((q for _, y, q in known if q and y != report.year), "")
        yield warning("YEAR_MISMATCH", f"报告年度前后不一致：{described}", quote=quote)
