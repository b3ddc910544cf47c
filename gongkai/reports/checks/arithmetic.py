"""The template's own arithmetic (regulations.md §1.6 C-1 … C-6) and its shape.

Table 三: every row's 总计 column (C-3), every column's （七）总计 row (C-2), every column's
balance 一+二 = 三(七)+四 (C-1); Table 四: each group's 总计 (C-5); Table 二: 现行有效 ≥ 本年制发;
values that cannot be counts; template rows, tables and sections that are absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gongkai.core.findings import Finding, error, info, warning
from gongkai.reports import tables
from gongkai.reports.checks.identities import identity, uncertain
from gongkai.reports.tables import ReportData, t3_key

_SUBROWS_2021 = ("other.no_correction", "other.unpaid_fee", "other.other")
# An integer amount this large in 万元 (100亿元) is far more likely 元 typed into the 万元 cell.
_YUAN_SUSPECT = Decimal(1_000_000)


def row_label(row_key: str) -> str:
    for template in tables.TEMPLATES.values():
        for row in template.t3_rows:
            if row.key == row_key:
                return f"{row.group}{row.number}.{row.label}" if row.number else row.label
    return row_key


def outcome_rows(report: ReportData) -> list[str]:
    """The outcome rows the report's （七）总计 adds up, whichever （六） layout it used."""
    template = report.template_def or tables.TEMPLATE_2021
    keys = [row.key for row in template.outcome_rows if row.key not in (*_SUBROWS_2021, "other")]
    if all(t3_key(k, "total") in report.cells for k in _SUBROWS_2021):
        return [*keys, *_SUBROWS_2021]
    return [*keys, "other"]


def check_t3(report: ReportData) -> Iterator[Finding]:
    template = report.template_def
    if template is None:
        return
    present_rows = [row.key for row in template.t3_rows if t3_key(row.key, "total") in report.cells]
    if t3_key("other", "total") in report.cells and "other" not in present_rows:
        present_rows.append("other")
    for row in present_rows:
        name = row_label(row)
        parts = [t3_key(row, c) for c in tables.APPLICANT_COLUMNS]
        found = identity(
            report,
            "T3_ROW_TOTAL",
            t3_key(row, "total"),
            parts,
            f"表三“{name}”行：自然人至其他六列之和为{{sum}}，与“总计”{{total}}不符",
            f"表三“{name}”行的合计",
        )
        if found:
            yield found
    outcomes = outcome_rows(report)
    for col in tables.T3_COLUMNS:
        column = tables.T3_COLUMN_LABELS[col]
        found = identity(
            report,
            "T3_OUTCOME_SUM",
            t3_key("handled_total", col),
            [t3_key(r, col) for r in outcomes],
            f"表三“{column}”列：各项办理结果之和为{{sum}}，与“（七）总计”{{total}}不符",
            f"表三“{column}”列的办理结果总计",
        )
        if found:
            yield found
        yield from _balance(report, col)


def _balance(report: ReportData, col: str) -> Iterator[Finding]:
    keys = [t3_key(r, col) for r in ("new", "carried_in", "handled_total", "carried_out")]
    if any(k not in report.cells for k in keys):
        return
    column = tables.T3_COLUMN_LABELS[col]
    new, carried_in, handled, carried_out = (report.amount(k) for k in keys)
    unknown = tuple(k for k in keys if report.amount(k) is None)
    left = [v for v in (new, carried_in) if v is not None]
    right = [v for v in (handled, carried_out) if v is not None]
    if unknown:
        # Unknown cells are non-negative: with unknowns on one side only, that side can only
        # grow, so the identity fails when that side's known part already exceeds the other.
        left_open = new is None or carried_in is None
        right_open = handled is None or carried_out is None
        if (left_open and not right_open and sum(left) > sum(right)) or (
            right_open and not left_open and sum(right) > sum(left)
        ):
            yield error(
                "T3_BALANCE",
                f"表三“{column}”列：本年新收与上年结转、办理结果总计与结转下年度之间，已填的数字"
                f"（{sum(left)}对{sum(right)}）无论空白处填什么非负数都无法相等",
                tuple(keys),
            )
        else:
            what = f"表三“{column}”列的勾稽关系（第一项加第二项等于第三项加第四项）"
            yield uncertain(what, unknown)
        return
    a, b, c, d = (int(v) for v in (new, carried_in, handled, carried_out) if v is not None)
    if a + b != c + d:
        yield error(
            "T3_BALANCE",
            f"表三“{column}”列：本年新收{a}＋上年结转{b}＝{a + b}，"
            f"不等于办理结果总计{c}＋结转下年度{d}＝{c + d}",
            tuple(keys),
        )


def check_t4(report: ReportData) -> Iterator[Finding]:
    for group in tables.DISPUTE_GROUPS:
        name = tables.DISPUTE_GROUP_LABELS[group]
        parts = [tables.dispute_key(group, r) for r in tables.DISPUTE_RESULTS[:4]]
        found = identity(
            report,
            "T4_TOTAL",
            tables.dispute_key(group, "total"),
            parts,
            f"表四“{name}”：结果维持、结果纠正、其他结果、尚未审结之和为{{sum}}，与“总计”{{total}}不符",
            f"表四“{name}”的总计",
        )
        if found:
            yield found


def check_t2(report: ReportData) -> Iterator[Finding]:
    if report.template != "2021":
        return
    for item, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        issued = report.cells.get(f"proactive.{item}.issued")
        in_force = report.cells.get(f"proactive.{item}.in_force")
        if issued is not None and in_force is not None and in_force < issued:
            yield warning(
                "T2_IN_FORCE",
                f"表二“{name}”：现行有效件数{in_force}小于本年制发件数{issued}（本年制发的应仍然有效，除非当年即废止）",
                (f"proactive.{item}.issued", f"proactive.{item}.in_force"),
            )


def check_values(report: ReportData) -> Iterator[Finding]:
    for key, value in report.cells.items():
        if value is None:
            continue
        if key in tables.MONEY_KEYS:
            amount = Decimal(value)
            if amount < 0:
                yield error("VALUE_INVALID", f"金额{tables.format_money(amount)}万元为负数", (key,))
            elif amount >= _YUAN_SUSPECT and amount == amount.to_integral_value():
                yield warning(
                    "MONEY_PRECISION",
                    f"金额{tables.format_money(amount)}万元（即{amount / 10000:.0f}亿元）异常之大，"
                    "疑似把以元计的金额填入了万元栏",
                    (key,),
                )
        elif value < 0 and key not in tables.SIGNED_KEYS:
            yield error("VALUE_INVALID", f"单元格 {key} 的值为{value}，件数不能为负数", (key,))


_TABLE_PREFIXES = (
    ("proactive", "二、主动公开政府信息情况（表二）"),
    ("applications", "三、收到和处理政府信息公开申请情况（表三）"),
    ("disputes", "四、政府信息公开行政复议、行政诉讼情况（表四）"),
)


def _outside(report: ReportData, part: str, table: bool = False) -> bool:
    """The text stops before this part, or begins after it (for a table: stops or begins in
    its part): it is not there to check, which is not the same as missing."""
    here = tables.PARTS.index(part)
    if report.truncated:
        cut = tables.PARTS.index(report.truncated)
        if here > cut or (table and here == cut):
            return True
    if report.begins:
        start = tables.PARTS.index(report.begins)
        if here < start or (table and here == start):
            return True
    return False


def check_shape(report: ReportData) -> Iterator[Finding]:
    prefixes = {key.split(".")[0] for key in report.cells}
    if report.truncated or report.begins:
        where = "；".join(
            text
            for text in (
                report.begins and f"从“{tables.SECTION_TITLES[report.begins]}”部分中途开始",
                report.truncated and f"在“{tables.SECTION_TITLES[report.truncated]}”部分中途结束",
            )
            if text
        )
        yield info(
            "TRUNCATED",
            f"文件{where}（可能未复制或下载完整），只核对了已有的部分；不在其中的部分不作为缺失报告",
        )
    for section in ("overview", "problems", "other"):
        if not report.sections.get(section, "").strip() and not _outside(report, section):
            yield error(
                "SECTION_MISSING", f"报告缺少“{tables.SECTION_TITLES[section]}”部分或该部分为空"
            )
    template = report.template_def
    if template is None:
        if not (report.truncated or report.begins) or (
            report.truncated and tables.PARTS.index(report.truncated) > 1
        ):
            yield error(
                "SECTION_MISSING", "报告中没有找到按国家模板填写的统计表（表二、表三、表四）"
            )
        return
    for prefix, title in _TABLE_PREFIXES:
        wanted = template.proactive_prefix if prefix == "proactive" else prefix
        if wanted not in prefixes and not _outside(report, prefix, table=True):
            yield error("SECTION_MISSING", f"报告缺少“{title}”的统计表")
    yield from _missing_rows(report, template, prefixes)
    yield from _template_fit(report, template)


def _missing_rows(
    report: ReportData, template: tables.Template, prefixes: set[str]
) -> Iterator[Finding]:
    if template.proactive_prefix in prefixes:
        items = [
            (item, tuple(f"{template.proactive_prefix}.{item.key}.{c}" for c, _ in item.columns))
            for item in template.proactive
        ]
        present = [i for i, (_, keys) in enumerate(items) if any(k in report.cells for k in keys)]
        for i, (item, item_keys) in enumerate(items):
            cut = (report.truncated == "proactive" and i > max(present)) or (
                report.begins == "proactive" and i < min(present)
            )
            if i not in present and not cut:
                yield error("ROW_MISSING", f"表二缺少“{item.label}”行", item_keys)
    if "applications" in prefixes:
        rows = [r.key for r in template.t3_rows]
        present = [i for i, key in enumerate(rows) if t3_key(key, "total") in report.cells]
        for i, key in enumerate(rows):
            if key == "other" and t3_key("other.other", "total") in report.cells:
                continue
            cut = (report.truncated == "applications" and i > max(present)) or (
                report.begins == "applications" and i < min(present)
            )
            if i not in present and not cut:
                keys = tuple(t3_key(key, c) for c in tables.T3_COLUMNS)
                yield error("ROW_MISSING", f"表三缺少“{row_label(key)}”行", keys)


def _template_fit(report: ReportData, template: tables.Template) -> Iterator[Finding]:
    if template.name == "2021" and t3_key("other", "total") in report.cells:
        yield warning(
            "TEMPLATE_MIXED",
            "表三“（六）其他处理”按2019年试行格式只填了一行；2021年格式（国办公开办函〔2021〕30号）"
            "要求分为逾期不补正、逾期未缴费、其他三个子项",
            tuple(t3_key("other", c) for c in tables.T3_COLUMNS),
        )
    if template.name == "2019" and t3_key("other.other", "total") in report.cells:
        yield warning(
            "TEMPLATE_MIXED", "2019年试行格式的报告中出现了2021年格式才有的“（六）其他处理”子项"
        )
    if report.year is not None and template.name == "2019" and report.year >= 2021:
        yield warning(
            "TEMPLATE_YEAR",
            f"{report.year}年度报告应使用2021年格式（国办公开办函〔2021〕30号），本报告使用的是2019年试行格式",
        )
    if report.year is not None and template.name == "2021" and report.year <= 2020:
        yield warning(
            "TEMPLATE_YEAR",
            f"{report.year}年度报告使用了2021年9月才印发的新格式，请核对报告年度是否读错",
        )
