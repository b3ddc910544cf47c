"""Every check code: it fires on the cells it names, words the numbers, and stays quiet on a
consistent report; a blank cell makes a check uncertain, never silently passed or failed."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from gongkai.core.findings import Finding, Severity
from gongkai.reports.checks import run_checks
from gongkai.reports.tables import T3_COLUMNS, NarrativeFigure, Part, ReportData


@pytest.fixture
def report(seed_report: ReportData) -> ReportData:
    return copy.deepcopy(seed_report)


def _codes(findings: list[Finding], severity: Severity | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity is severity]


def _only(findings: list[Finding], code: str) -> Finding:
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, _codes(findings)
    return found[0]


def test_the_seed_is_consistent(report: ReportData) -> None:
    assert run_checks(report) == []


def test_row_total(report: ReportData) -> None:
    report.cells["applications.granted.total"] = 16
    finding = _only(run_checks(report), "T3_ROW_TOTAL")
    assert finding.severity is Severity.ERROR
    assert finding.message == "表三“（一）予以公开”行：自然人至其他六列之和为15，与“总计”16不符"
    assert "applications.granted.total" in finding.cells


def test_outcome_sum_and_balance(report: ReportData) -> None:
    report.cells["applications.handled_total.natural_person"] = 37
    report.cells["applications.handled_total.total"] = 37
    findings = run_checks(report)
    outcome = [f for f in findings if f.code == "T3_OUTCOME_SUM"]
    assert {f.message for f in outcome} == {
        "表三“自然人”列：各项办理结果之和为38，与“（七）总计”37不符",
        "表三“总计”列：各项办理结果之和为38，与“（七）总计”37不符",
    }
    balance = [f for f in findings if f.code == "T3_BALANCE"]
    assert len(balance) == 2
    assert "本年新收38＋上年结转0＝38，不等于办理结果总计37＋结转下年度0＝37" in balance[0].message


def test_table_four_total(report: ReportData) -> None:
    report.cells["disputes.litigation_direct.total"] = 15
    finding = _only(run_checks(report), "T4_TOTAL")
    assert "之和为14，与“总计”15不符" in finding.message
    assert finding.cells[0] == "disputes.litigation_direct.total"


def test_in_force_smaller_than_issued(report: ReportData) -> None:
    report.cells["proactive.normative_documents.in_force"] = 0
    finding = _only(run_checks(report), "T2_IN_FORCE")
    assert finding.severity is Severity.WARNING
    assert "现行有效件数0小于本年制发件数1" in finding.message


def test_negative_count(report: ReportData) -> None:
    report.cells["disputes.reconsideration.other"] = -1
    findings = run_checks(report)
    assert "VALUE_INVALID" in _codes(findings, Severity.ERROR)


def test_money_that_looks_like_yuan(report: ReportData) -> None:
    report.cells["proactive.fees.amount"] = Decimal(2510000)
    finding = _only(run_checks(report), "MONEY_PRECISION")
    assert "疑似把以元计的金额填入了万元栏" in finding.message


def test_blank_cells_make_checks_uncertain(report: ReportData) -> None:
    report.cells["applications.granted.commercial"] = None
    findings = run_checks(report)
    assert _codes(findings, Severity.ERROR) == []
    uncertain = [f for f in findings if f.code == "CHECK_UNCERTAIN"]
    assert {f.severity for f in uncertain} == {Severity.INFO}
    assert all(f.cells == ("applications.granted.commercial",) for f in uncertain)
    assert len(uncertain) == 2  # the row's total and the column's outcome sum


def test_blank_cells_still_fail_when_the_known_parts_already_exceed(report: ReportData) -> None:
    report.cells["applications.granted.commercial"] = None
    report.cells["applications.granted.natural_person"] = 20
    finding = next(f for f in run_checks(report) if f.code == "T3_ROW_TOTAL")
    assert "空白只会使差距更大" in finding.message


def test_an_empty_total_whose_parts_are_not_all_zero_is_an_error(report: ReportData) -> None:
    report.cells["applications.granted.total"] = None  # 自然人 15 printed, 总计 left empty
    finding = next(f for f in run_checks(report) if f.code == "T3_ROW_TOTAL")
    assert finding.severity is Severity.ERROR
    assert finding.message == "表三“（一）予以公开”行的合计为空，而各项之和为15（至少）"
    report.cells["applications.granted.total"] = None
    for col in T3_COLUMNS[:-1]:
        report.cells[f"applications.granted.{col}"] = 0 if col != "commercial" else None
    row = [f for f in run_checks(report) if "applications.granted.total" in f.cells]
    assert row and all(f.code == "CHECK_UNCERTAIN" for f in row)  # parts all zero or unknown


@pytest.mark.parametrize("mark", ["——", "—", "－", "-", "/", "／", "无"])
def test_a_zero_mark_counts_as_zero_and_stays_null(report: ReportData, mark: str) -> None:
    # A Table 四 group printed 2, ——, ——, 1 with 总计 4: 2+0+0+1 = 3, not 4.
    cells = {"upheld": 2, "corrected": None, "other": None, "pending": 1, "total": 4}
    for result, value in cells.items():
        report.cells[f"disputes.reconsideration.{result}"] = value
    report.marks = {
        "disputes.reconsideration.corrected": mark,
        "disputes.reconsideration.other": mark,
    }
    finding = _only(run_checks(report), "T4_TOTAL")
    assert finding.severity is Severity.ERROR and "之和为3，与“总计”4不符" in finding.message
    report.cells["disputes.reconsideration.total"] = 3
    assert "T4_TOTAL" not in _codes(run_checks(report))
    assert "CHECK_UNCERTAIN" not in _codes(run_checks(report))  # marks are not unknowns
    again = ReportData.from_json(report.to_json())
    assert again.marks == report.marks and again.cells["disputes.reconsideration.other"] is None


def test_the_balance_fails_when_no_value_of_the_blanks_can_make_it_hold(
    report: ReportData,
) -> None:
    cells = report.cells
    left = (
        cells["applications.new.natural_person"] + cells["applications.carried_in.natural_person"]
    )
    cells["applications.carried_out.natural_person"] = None  # the right side can only grow
    balance = [
        f for f in run_checks(report) if "applications.carried_out.natural_person" in f.cells
    ]
    assert {f.code for f in balance} == {"CHECK_UNCERTAIN"}  # the row total, the balance
    cells["applications.handled_total.natural_person"] = left + 1  # already more than the left
    found = [f for f in run_checks(report) if f.code == "T3_BALANCE"]
    assert found and "无论空白处填什么非负数都无法相等" in found[0].message


def test_missing_sections_rows_and_tables(report: ReportData) -> None:
    report.sections["problems"] = ""
    for key in [k for k in report.cells if k.startswith("disputes.")]:
        del report.cells[key]
    for key in [k for k in report.cells if k.startswith("applications.withheld.third_party.")]:
        del report.cells[key]
    findings = run_checks(report)
    messages = [f.message for f in findings if f.code == "SECTION_MISSING"]
    assert any("五、存在的主要问题及改进情况" in m for m in messages)
    assert any("四、政府信息公开行政复议、行政诉讼情况" in m for m in messages)
    assert (
        _only(findings, "ROW_MISSING").message == "表三缺少“（三）不予公开4.保护第三方合法权益”行"
    )


def test_text_against_table(report: ReportData) -> None:
    report.narrative["applications_received"] = NarrativeFigure(40, "共收到申请40件。")
    finding = _only(run_checks(report), "TEXT_TABLE_MISMATCH")
    assert finding.message == "正文称收到申请数为40件，表中对应数字为38件"
    assert finding.quote == "共收到申请40件。"


def test_received_including_carried_over_is_accepted(report: ReportData) -> None:
    report.cells.update(
        {
            "applications.carried_in.natural_person": 2,
            "applications.carried_in.total": 2,
            "applications.carried_out.natural_person": 2,
            "applications.carried_out.total": 2,
        }
    )
    report.narrative["applications_received"] = NarrativeFigure(
        40, "共收到申请40件（含上年结转2件）。"
    )
    assert "TEXT_TABLE_MISMATCH" not in _codes(run_checks(report))


def test_parts_against_their_total(report: ReportData) -> None:
    parts = (Part("规范性文件", 1), Part("区情要闻", 1284), Part("其他信息", 1000))
    report.narrative["proactive_items_total"] = NarrativeFigure(2912, "…", parts)
    finding = _only(run_checks(report), "TEXT_PARTS_SUM")
    assert "之和为2285，与同句所说的总数2912不符" in finding.message
    # a list without a catch-all 「其他」 may be partial: a warning, not an error
    partial = (Part("规范性文件", 1), Part("区情要闻", 1284))
    report.narrative["proactive_items_total"] = NarrativeFigure(2912, "…", partial)
    finding = _only(run_checks(report), "TEXT_PARTS_SUM")
    assert finding.severity is Severity.WARNING and "可能并非全部" in finding.message
    # 「分别为」 says the list is all of it
    report.narrative["proactive_items_total"] = NarrativeFigure(2912, "…", partial, complete=True)
    assert _only(run_checks(report), "TEXT_PARTS_SUM").severity is Severity.ERROR
    # one part named is a subset, not a breakdown
    report.narrative["proactive_items_total"] = NarrativeFigure(2912, "…", partial[:1])
    assert "TEXT_PARTS_SUM" not in _codes(run_checks(report))


def test_dispute_parts_against_table_four(report: ReportData) -> None:
    parts = (Part("结果维持", 0), Part("结果纠正", 1))
    report.narrative["reconsiderations"] = NarrativeFigure(
        2, "被申请行政复议2件，其中结果维持0件，结果纠正1件。", parts
    )
    finding = _only(run_checks(report), "TEXT_TABLE_MISMATCH")
    assert finding.message == "正文称行政复议结果纠正1件，表四对应数字为2件"


def test_percentages(report: ReportData) -> None:
    report.narrative["granted"] = NarrativeFigure(
        15, "予以公开15件，占39.47%。", percent=Decimal("39.47")
    )
    assert "TEXT_PERCENT" not in _codes(run_checks(report))
    report.narrative["granted"] = NarrativeFigure(
        15, "予以公开15件，占45%。", percent=Decimal("45")
    )
    assert "15/38=39.47%" in _only(run_checks(report), "TEXT_PERCENT").message


def test_year_mismatch(report: ReportData) -> None:
    report.narrative["statistics_year"] = NarrativeFigure(
        2020, "统计期限自2020年1月1日至2020年12月31日。"
    )
    finding = _only(run_checks(report), "YEAR_MISMATCH")
    assert finding.message == "报告年度前后不一致：标题为2021年，统计期限为2020年，正文为2021年"


def test_template_year(report: ReportData) -> None:
    report.year = 2020
    report.narrative.pop("text_year")
    assert "TEMPLATE_YEAR" in _codes(run_checks(report))


def test_carry_over_and_stock_across_years(report: ReportData) -> None:
    previous = copy.deepcopy(report)
    previous.year = 2020
    previous.cells["applications.carried_out.natural_person"] = 3
    previous.cells["applications.carried_out.total"] = 3
    previous.cells["proactive.normative_documents.in_force"] = 20
    findings = run_checks(report, previous)
    carry = [f for f in findings if f.code == "CARRY_OVER_MISMATCH"]
    assert [f.cells for f in carry] == [
        ("applications.carried_in.natural_person",),
        ("applications.carried_in.total",),
    ]
    assert "本年“上年结转”为0，而2020年报告“结转下年度继续办理”为3" in carry[0].message
    stock = _only(findings, "T2_STOCK_FLOW")
    assert "上年现行有效20＋本年制发1－本年废止0＝21，而本年现行有效为28" in stock.message


def test_previous_report_of_another_year_is_not_compared(report: ReportData) -> None:
    previous = copy.deepcopy(report)
    previous.cells["applications.carried_out.total"] = 9
    findings = run_checks(report, previous)
    assert _codes(findings) == ["PREVIOUS_MISMATCH"]


def test_fee_unit_jump_across_years(report: ReportData) -> None:
    previous = copy.deepcopy(report)
    previous.year = 2020
    previous.cells["proactive.fees.amount"] = Decimal("1.2000")
    report.cells["proactive.fees.amount"] = Decimal("12000")
    assert "MONEY_PRECISION" in _codes(run_checks(report, previous))


def test_mixed_template_is_reported(seed_report: ReportData) -> None:
    report = copy.deepcopy(seed_report)
    for col in T3_COLUMNS:
        report.cells[f"applications.other.{col}"] = 0
    assert _codes(run_checks(report)) == ["TEMPLATE_MIXED"]
