"""The prose against the tables (C-8) and against itself.

A figure the text states is held to the cells it restates; a total the text splits
(「其中…」) is held to its parts; a stated percentage to the ratio it claims; and the year in the
title, the statistics period and the text to each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from gongkai.core.findings import Finding, error, warning
from gongkai.reports import tables
from gongkai.reports.checks.arithmetic import outcome_rows
from gongkai.reports.parse.narrative import OUTCOME_LABELS
from gongkai.reports.tables import NarrativeFigure, ReportData, t3_key

_OUTCOME_GROUPS = {
    "granted_and_partly": ("granted", "partly_granted"),
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
    "applications_processed": "办理申请数",
    "lawsuits_direct": "直接提起行政诉讼",
    "lawsuits_after": "复议后提起行政诉讼",
    "normative_in_force": "现行有效行政规范性文件",
    "normative_issued": "本年制发行政规范性文件",
    "applications_carried_in": "上年结转申请数",
    "applications_carried_out": "结转下年度申请数",
    **OUTCOME_LABELS,  # the outcomes the prose names, as the reader knows them
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
    if key == "granted_and_partly":
        return (t3_key("granted", "total"), t3_key("partly_granted", "total"))
    if key in _OUTCOME_GROUPS:
        prefixes = _OUTCOME_GROUPS[key]
        rows = [r for r in outcome_rows(report) if r.startswith(prefixes[0]) or r in prefixes[1:]]
        return tuple(t3_key(r, "total") for r in rows)
    if key == "reconsiderations":
        return (tables.dispute_key("reconsideration", "total"),)
    if key == "lawsuits":
        return tuple(tables.dispute_key(g, "total") for g in tables.DISPUTE_GROUPS[1:])
    if key == "lawsuits_direct":
        return (tables.dispute_key("litigation_direct", "total"),)
    if key == "lawsuits_after":
        return (tables.dispute_key("litigation_after_reconsideration", "total"),)
    if key in ("normative_in_force", "normative_issued") and report.template == "2021":
        column = "in_force" if key == "normative_in_force" else "issued"
        return (f"proactive.normative_documents.{column}",)
    return None


def check_narrative(report: ReportData) -> Iterator[Finding]:
    for key, figure in sorted(report.narrative.items()):
        yield from _against_table(report, key, figure)
        yield from _parts_sum(key, figure)
        yield from _dispute_parts(report, key, figure)
        yield from _percent(report, key, figure)
    yield from _processed(report)
    yield from _all_upheld(report)
    yield from _restated(report)
    yield from _years(report)


def _sum(report: ReportData, keys: tuple[str, ...]) -> int | None:
    amounts = [_amount(report, k) for k in keys]
    if not keys or any(a is None for a in amounts):
        return None
    return sum(int(a or 0) for a in amounts)


def _at_least(report: ReportData, keys: tuple[str, ...]) -> int:
    """What the cells add up to at the least, blanks counted as 0 (a blank only adds): a prose
    figure below it contradicts the table whatever the blanks hold."""
    total = 0
    for key in keys:
        value = _amount(report, key)
        if value is None and key.startswith("applications.") and key.endswith(".total"):
            row = key[: -len(".total")]
            value = sum(int(report.amount(f"{row}.{c}") or 0) for c in tables.APPLICANT_COLUMNS)
        total += int(value or 0)
    return total


def _amount(report: ReportData, key: str) -> int | None:
    """A cell for comparison with the prose; a Table 三 总计 left empty is its row's sum, when
    every applicant column of the row is known (the prose states the row's count either way)."""
    value = report.amount(key)
    if value is not None:
        return int(value)
    if key.startswith("applications.") and key.endswith(".total") and key in report.cells:
        if report.marks.get(key) == tables.UNREAD:
            return None
        row = key[: -len(".total")]
        parts = [report.amount(f"{row}.{c}") for c in tables.APPLICANT_COLUMNS]
        if all(p is not None for p in parts):
            return sum(int(p or 0) for p in parts)
    return None


def _against_table(report: ReportData, key: str, figure: NarrativeFigure) -> Iterator[Finding]:
    keys = table_keys(report, key)
    if keys is None:
        return
    value = _sum(report, keys)
    if value is None:
        low = _at_least(report, keys)
        if figure.value < low and not figure.approximate:
            yield error(
                "TEXT_TABLE_MISMATCH",
                f"正文称{_NAMES[key]}为{figure.value}件，表中对应各格已填的数字相加就有{low}件"
                "（另有空白单元格）",
                keys,
                figure.quote,
            )
        return
    if key == "applications_received" and "结转" in figure.quote:
        with_carried = _sum(report, (*keys, t3_key("carried_in", "total")))
        if figure.value == with_carried:
            return  # 「共收到申请40件（含上年结转2件）」 counts both
    if figure.approximate and figure.value <= value:
        return
    if figure.value != value:
        message = f"正文称{_NAMES[key]}为{figure.value}件，表中对应数字为{value}件"
        scope = _SCOPE.search(figure.quote)
        if scope:  # the sentence speaks for part of the body: another scope, not a contradiction
            yield warning(
                "TEXT_TABLE_MISMATCH",
                f"{message}；正文所说的是{scope.group('office')}（代表{scope.group('body')}）办理的数字，"
                f"表中是{report.agency or '报告机关'}的数字，两者统计范围可能不同，请核对",
                keys,
                figure.quote,
            )
            return
        yield error("TEXT_TABLE_MISMATCH", message, keys, figure.quote)


# A sentence that speaks for one office of the body the tables cover: 「区政府办代表区政府受理…」
_SCOPE = re.compile(
    r"(?P<office>[\u4e00-\u9fff]{2,12}?)代表(?P<body>[\u4e00-\u9fff]{1,12}?)"
    r"(?=受理|收到|办理|共|接收|答复|新收|处理)"
)


def _processed(report: ReportData) -> Iterator[Finding]:
    """「办理…申请N件」 may mean received or answered: wrong only if it is neither."""
    figure = report.narrative.get("applications_processed")
    if figure is None or "applications_received" in report.narrative:
        return
    bases = {
        "本年新收": _sum(report, (t3_key("new", "total"),)),
        "办结": _sum(report, (t3_key("handled_total", "total"),)),
        "新收与上年结转之和": _sum(report, (t3_key("new", "total"), t3_key("carried_in", "total"))),
    }
    known = {name: value for name, value in bases.items() if value is not None}
    if not known or figure.value in known.values() or figure.approximate:
        return
    shown = "、".join(f"{name}{value}件" for name, value in known.items())
    yield error(
        "TEXT_TABLE_MISMATCH",
        f"正文称办理政府信息公开申请{figure.value}件，与表三的任何一个对应数字（{shown}）都不符",
        tuple(t3_key(r, "total") for r in ("new", "handled_total", "carried_in")),
        figure.quote,
    )


def _restated(report: ReportData) -> Iterator[Finding]:
    """The same quantity stated twice in the prose with different numbers (parse.narrative)."""
    for key, figure in sorted(report.narrative.items()):
        if not key.startswith("restated.") or not figure.parts:
            continue
        again = figure.parts[0]
        yield error(
            "TEXT_TEXT_MISMATCH",
            f"正文前后两处说法不一：先说{figure.value}，后说{again.value}（同一事项）",
            quote=f"{figure.quote} …… {again.label}",
        )


def _all_upheld(report: ReportData) -> Iterator[Finding]:
    """「…均获维持」 while Table 四 has results that are not 维持, in the groups the sentence
    speaks of (复议; 诉讼 or 起诉; 「经复议后起诉」 is a lawsuit)."""
    figure = report.narrative.get("all_upheld")
    if figure is None:
        return
    groups: list[str] = []
    if re.search(r"(?<!经)复议(?!后)", figure.quote):
        groups.append(tables.DISPUTE_GROUPS[0])
    if "诉讼" in figure.quote or "起诉" in figure.quote:
        groups += tables.DISPUTE_GROUPS[1:]
    other = {
        result: _at_least(report, tuple(tables.dispute_key(g, result) for g in groups))
        for result in ("corrected", "other", "pending")
    }
    if not any(other.values()):
        return
    labels = {"corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
    shown = "、".join(f"{labels[r]}{v}件" for r, v in other.items() if v)
    named = "、".join(tables.DISPUTE_GROUP_LABELS[g] for g in groups)
    yield error(
        "TEXT_TABLE_MISMATCH",
        f"正文称案件（{named}）均获维持，但表四中{shown}",
        tuple(tables.dispute_key(g, r) for g in groups for r in other),
        figure.quote,
    )


def _parts_sum(key: str, figure: NarrativeFigure) -> Iterator[Finding]:
    """A total the prose splits: its parts must add up to it when they claim to be all of it
    (分别为…, or a last 「其他」); a list that may be partial and does not add up is a warning."""
    if not figure.parts:
        return
    total = sum(p.value for p in figure.parts)
    if total == figure.value:
        return
    listed = "、".join(f"{p.label}{p.value}" for p in figure.parts)
    results = {r for word, r in _RESULT_WORDS for p in figure.parts if word in p.label}
    complete = (
        figure.complete
        or any(p.label.startswith(_CATCH_ALL) for p in figure.parts)
        or (key in ("reconsiderations", "lawsuits") and len(results) == 4)
    )
    if figure.approximate and (total >= figure.value or not complete):
        return  # 「5500余条」 is a lower bound
    message = f"正文所列各项（{listed}）之和为{total}，与同句所说的总数{figure.value}不符"
    if complete:
        yield error("TEXT_PARTS_SUM", message, quote=figure.quote)
    elif len(figure.parts) >= 2:  # one part named is a subset mentioned, not a breakdown
        yield warning("TEXT_PARTS_SUM", message + "（所列各项可能并非全部）", quote=figure.quote)


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
