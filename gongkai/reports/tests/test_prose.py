"""The prose checks on the shapes real reports write (the sentences are made up, the shapes are
what agencies publish): totals and their parts, the same count stated twice, counts qualified by
who brought them, other years, another scope. An error only where the text surely contradicts."""

from __future__ import annotations

import copy

import pytest

from gongkai.core.findings import Finding, Severity
from gongkai.reports.checks import run_checks
from gongkai.reports.parse import narrative
from gongkai.reports.tables import ReportData


@pytest.fixture
def report(seed_report: ReportData) -> ReportData:
    return copy.deepcopy(seed_report)


def _check(report: ReportData, text: str, year: int = 2021) -> list[Finding]:
    report.narrative = narrative.read([], {"overview": text.split("\n")}, year)
    return [f for f in run_checks(report) if f.code.startswith("TEXT")]


def _codes(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.severity.value) for f in findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a complete list (ends with 其他) that does not add up: an error
        (
            "全年共发布信息5230条，其中工作动态2000条、通知公告1000条、政策文件230条、其他信息1000条。",
            [("TEXT_PARTS_SUM", "error")],
        ),
        # 分别为 says the list is all of it
        ("主动公开信息300条，分别为网站200条、公众号90条。", [("TEXT_PARTS_SUM", "error")]),
        # a list that may be partial: a warning
        (
            "通过门户网站主动公开信息共1786条，其中概况类信息4条，政务动态信息572条，目录信息147条。",
            [("TEXT_PARTS_SUM", "warning")],
        ),
        (
            "主动公开政务信息382条，包括政府网站35条、公众号2443条。",
            [("TEXT_PARTS_SUM", "warning")],
        ),
        # parts that add up, or one part named: nothing
        ("全年共发布信息300条，其中工作动态200条、其他信息100条。", []),
        ("办结申请38件，其中予以公开15件。", []),
        # a note in brackets after each part is not a part
        (
            "累计公开信息8775条(2025年新增388条)，在已公开信息当中公告类信息累计5434条(新增163条)，"
            "专题信息累计1919条(新增126条)，其他信息累计1425条(新增99条)。",
            [("TEXT_PARTS_SUM", "error")],
        ),
    ],
    ids=["complete", "fenbie", "partial", "baokuo", "adds-up", "one-part", "asides"],
)
def test_totals_and_their_parts(
    report: ReportData, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _codes(_check(report, text)) == expected


def test_an_answered_total_split_by_outcome(report: ReportData) -> None:
    text = (
        "答复政府信息公开申请38件（含上年度结转申请0件）。予以公开及部分公开20件，占52.6%；"
        "不予公开1件；因本机关不掌握等原因无法提供10件；不予处理2件；其他处理0件。"
    )
    found = _check(report, text)
    assert ("TEXT_PARTS_SUM", "error") in _codes(found)  # 20+1+10+2+0 = 33, not 38


def test_the_same_count_stated_twice(report: ReportData) -> None:
    text = (
        "（一）主动公开。2021年，通过政府网站主动公开信息1200条。\n"
        "（四）平台建设。优化政府网站栏目设置，门户网站主动公开信息1230条。"
    )
    found = _check(report, text)
    assert _codes(found) == [("TEXT_TEXT_MISMATCH", "error")]
    assert "先说1200，后说1230" in found[0].message
    # a comparison with last year, another channel, another year: not the same statement
    calm = (
        "通过政府网站主动公开信息1200条，较上年增加30条。\n"
        "通过微信公众号主动公开信息1230条。\n"
        "2020年通过政府网站主动公开信息1100条。"
    )
    assert _check(report, calm) == []


def test_lawsuits_qualified_by_who_brought_them(report: ReportData) -> None:
    for group, count in (("litigation_direct", 5), ("litigation_after_reconsideration", 3)):
        for result in ("corrected", "other", "pending"):
            report.cells[f"disputes.{group}.{result}"] = 0
        report.cells[f"disputes.{group}.upheld"] = count
        report.cells[f"disputes.{group}.total"] = count
    text = "2021年，被直接提起行政诉讼5件，经复议后起诉3件，均获维持。"
    assert _check(report, text) == []
    report.cells["disputes.litigation_after_reconsideration.pending"] = 1
    report.cells["disputes.litigation_after_reconsideration.upheld"] = 2
    assert _codes(_check(report, text)) == [("TEXT_TABLE_MISMATCH", "error")]  # 均获维持


def test_a_figure_of_another_year_is_not_this_years(report: ReportData) -> None:
    # The seed's table: 38 new applications in 2021.
    text = "2020年收到政府信息公开申请26件，2021年收到政府信息公开申请38件，同比增长46%。"
    assert _check(report, text, year=2021) == []
    assert report.narrative["applications_received"].value == 38


def test_another_scope_is_a_warning_naming_both(report: ReportData) -> None:
    text = "2021年，区政府办代表区政府受理政府信息公开申请17件。"
    found = _check(report, text)
    assert _codes(found) == [("TEXT_TABLE_MISMATCH", "warning")]
    assert "区政府办（代表区政府）" in found[0].message


def test_a_figure_below_what_the_filled_cells_already_hold(report: ReportData) -> None:
    report.cells["applications.granted.total"] = None  # 总计 left empty, 自然人 15 printed,
    report.cells["applications.granted.commercial"] = None  # and another column empty too
    found = [f for f in _check(report, "予以公开10件。") if f.code == "TEXT_TABLE_MISMATCH"]
    assert [f.severity for f in found] == [Severity.ERROR]
    assert "已填的数字相加就有15件" in found[0].message
    # 20 may be right: the empty cells could hold the other 5
    assert not [f for f in _check(report, "予以公开20件。") if f.code == "TEXT_TABLE_MISMATCH"]
