"""Plain text and Markdown in the shapes reports are found in."""

from __future__ import annotations

import re

import opencc
import pytest

from gongkai.reports.parse import parse_document
from gongkai.reports.parse.normalize import Token, classify
from gongkai.reports.render.markdown import render_markdown
from gongkai.reports.tables import ReportData
from gongkai.reports.tests.conftest import GOLDEN


def _parse(text: str, name: str = "report.txt") -> ReportData:
    return parse_document(text.encode("utf-8"), name)[0]


@pytest.mark.parametrize(
    ("token", "kind", "number", "unit"),
    [
        ("38", Token.NUMBER, 38, ""),
        ("３８", Token.NUMBER, 38, ""),
        ("3,119", Token.NUMBER, 3119, ""),
        ("3，119", Token.NUMBER, 3119, ""),
        ("96171.6", Token.NUMBER, 96171.6, ""),
        ("251000元", Token.NUMBER, 251000, "元"),
        ("12件", Token.NUMBER, 12, "件"),
        ("", Token.BLANK, None, ""),
        ("—", Token.BLANK, None, ""),
        ("／", Token.BLANK, None, ""),
        ("/", Token.BLANK, None, ""),
        ("无", Token.BLANK, None, ""),
        ("保留4位小数", Token.TEXT, None, ""),
        ("第二十条第（八）项", Token.TEXT, None, ""),
        ("1.属于国家秘密", Token.TEXT, None, ""),
    ],
)
def test_cell_values(token: str, kind: Token, number: float | None, unit: str) -> None:
    found_kind, found_number, found_unit = classify(token)
    assert found_kind is kind
    assert (float(found_number) if found_number is not None else None) == number
    assert found_unit == unit


def test_tab_separated_seed(seed_report: ReportData) -> None:
    assert seed_report.template == "2021"
    assert seed_report.agency == "洛阳高新技术产业开发区管理委员会党政办公室"
    assert seed_report.year == 2021
    # digits inside labels are never data
    assert seed_report.cells["proactive.fees.amount"] == 0
    assert seed_report.cells["proactive.normative_documents.in_force"] == 28


def test_full_width_digits_and_traditional_characters(
    seed_bytes: bytes, seed_report: ReportData
) -> None:
    text = seed_bytes.decode("utf-8")
    full_width = text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert _parse(full_width).cells == seed_report.cells
    traditional = opencc.OpenCC("s2t").convert(text)
    assert "資訊" in traditional or "數量" in traditional
    report = _parse(traditional)
    assert report.cells == seed_report.cells
    assert report.agency == seed_report.agency
    assert report.narrative["applications_received"].value == 38


def test_thousands_separators() -> None:
    text = (GOLDEN / "huaian-city-2024.pdftext.txt").read_text(encoding="utf-8")
    spaced = re.sub(r"(?<![\d.])(\d{1,3})(\d{3})(?![\d.])", r"\1,\2", text)
    assert "3,119" in spaced and "447,228" in spaced
    report = _parse(spaced)
    assert report.cells["applications.new.total"] == 3119
    assert report.cells["proactive.punishment.decisions"] == 3985758
    assert report.cells["proactive.licensing.decisions"] == 447228


def test_one_cell_per_line(seed_bytes: bytes, seed_report: ReportData) -> None:
    """Tables copied from a web page into a text box: every cell on its own line."""
    lines = []
    for line in seed_bytes.decode("utf-8").splitlines():
        lines += [c.strip() for c in line.split("\t") if c.strip()] if "\t" in line else [line]
    report = _parse("\n".join(lines))
    wrong = {
        k: (v, report.cells.get(k))
        for k, v in seed_report.cells.items()
        if report.cells.get(k) != v
    }
    assert wrong == {}


def test_pipe_tables_from_markdown(seed_report: ReportData) -> None:
    markdown = render_markdown(seed_report)
    assert "| 一、本年新收政府信息公开申请数量 |" in markdown
    assert _parse(markdown, "report.md") == seed_report


def test_search_engine_copy_with_ragged_pipes(seed_report: ReportData) -> None:
    """A flattened copy whose Table 三 rows drop the leading group cells."""
    markdown = render_markdown(seed_report).replace("三、本年度办理结果", "")
    report = _parse(markdown, "copy.md")
    assert report.cells == seed_report.cells


def test_gbk_text_file(seed_bytes: bytes, seed_report: ReportData) -> None:
    gbk = seed_bytes.decode("utf-8").encode("gbk")
    assert parse_document(gbk, "report.txt")[0].cells == seed_report.cells


def test_blank_cells_are_none_not_zero() -> None:
    text = "\n".join(
        [
            "某局2022年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            "规章\t/\t/\t/",
            "行政规范性文件\t2\t—\t15",
        ]
    )
    report = _parse(text)
    assert report.cells["proactive.regulations.issued"] is None
    assert report.cells["proactive.regulations.in_force"] is None
    assert report.cells["proactive.normative_documents.repealed"] is None
    assert report.cells["proactive.normative_documents.in_force"] == 15
    assert report.to_json()["cells"]["proactive.regulations.issued"] is None


def test_a_row_that_cannot_be_proven_stays_blank() -> None:
    text = "\n".join(
        [
            "某局2022年政府信息公开工作年度报告",
            "一、本年新收政府信息公开申请数量\t5\t3\t8",
        ]
    )
    report, findings = parse_document(text.encode(), "x.txt")
    assert report.cells["applications.new.total"] is None
    assert [f.code for f in findings] == ["LAYOUT_UNRESOLVED"]
    assert "缺少 4 个" in findings[0].message
