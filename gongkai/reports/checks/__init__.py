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

__all__ = ["check_document", "run_checks"]


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
