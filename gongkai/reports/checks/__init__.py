"""Every check of a report, returning findings with stable codes (report-json.md § Findings).

    arithmetic   the template's own identities and shape        (one report)
    narrative    the prose against the tables and itself         (one report)
    cross_year   carry-over, stock of documents, fee units       (two consecutive years)

Codes added beyond the spec's table keep one meaning each: CHECK_UNCERTAIN (info: an identity
could not be evaluated because a cell is blank), LAYOUT_UNRESOLVED (warning: a row could not
be read safely), ROW_MISSING (error), ROW_DUPLICATE (warning), TEMPLATE_MIXED and TEMPLATE_YEAR
(warning), TEXT_PERCENT (error), T2_STOCK_FLOW (warning), PREVIOUS_MISMATCH (warning),
TRUNCATED (info: the text stops short of the report's end or begins after its start; what lies
outside it is not reported missing), TEXT_TEXT_MISMATCH (error: the prose states one quantity
twice with different numbers).
"""

from __future__ import annotations

from gongkai.core.findings import Finding
from gongkai.reports.checks import arithmetic, cross_year, narrative
from gongkai.reports.parse import parse_document
from gongkai.reports.tables import ReportData

__all__ = ["CODE_NAMES", "check_document", "code_name", "run_checks"]

# What each code is called on a page (the code itself stays in JSON and exports, and keeps its
# meaning: report-json.md § Findings). A code without a name here fails
# gongkai/reports/tests/test_code_names.py.
CODE_NAMES: dict[str, str] = {
    "SECTION_MISSING": "缺少部分或表格",
    "ROW_MISSING": "缺少表格行",
    "ROW_DUPLICATE": "表格行重复",
    "TEMPLATE_MIXED": "新旧格式混用",
    "TEMPLATE_YEAR": "格式与年度不符",
    "TRUNCATED": "文本不完整",
    "VALUE_INVALID": "数值无效",
    "MONEY_PRECISION": "金额位数不符",
    "YEAR_MISMATCH": "年度前后不一致",
    "T2_IN_FORCE": "表二现行有效件数偏少",
    "T2_STOCK_FLOW": "表二现行有效件数与增减不符",
    "T3_ROW_TOTAL": "表三行合计不符",
    "T3_OUTCOME_SUM": "表三办理结果合计不符",
    "T3_BALANCE": "表三收结不平衡",
    "T4_TOTAL": "表四合计不符",
    "TEXT_TABLE_MISMATCH": "正文与表格不一致",
    "TEXT_PARTS_SUM": "正文分项之和不符",
    "TEXT_PERCENT": "正文百分比有误",
    "TEXT_TEXT_MISMATCH": "正文前后数字不一致",
    "CARRY_OVER_MISMATCH": "与上年结转数不符",
    "PREVIOUS_MISMATCH": "与上年报告不一致",
    "CHECK_UNCERTAIN": "空格无法核对",
    "LAYOUT_REPAIRED": "表格行按推断读取",
    "LAYOUT_UNRESOLVED": "表格行无法可靠读取",
}


def code_name(code: str) -> str:
    """The Chinese name of a finding's code, for pages; an unknown code as 其他问题."""
    return CODE_NAMES.get(code, "其他问题")


def run_checks(report: ReportData, previous: ReportData | None = None) -> list[Finding]:
    findings: list[Finding] = []
    findings += arithmetic.check_shape(report)
    findings += arithmetic.check_values(report)
    findings += arithmetic.check_t2(report)
    findings += arithmetic.check_t3(report)
    findings += arithmetic.check_t4(report)
    findings += narrative.check_narrative(report)
    if previous is not None:
        findings += cross_year.check_previous(report, previous)
    return findings


def check_document(
    data: bytes, filename: str = "", previous: ReportData | None = None
) -> tuple[ReportData, list[Finding]]:
    """Read and check a file: what `gongkai check` and the upload page both do.

    Raises parse.UnreadableDocument when the file cannot be read as a report.
    """
    report, read_findings = parse_document(data, filename)
    findings = read_findings + run_checks(report, previous)
    findings.sort(key=lambda f: -f.severity.rank)
    return report, findings
