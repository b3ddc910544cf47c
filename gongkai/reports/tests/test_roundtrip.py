"""Property tests: generated valid reports survive every format, and a single corrupted cell
trips the check that covers it, naming that cell."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.findings import Severity
from gongkai.reports import examples, tables
from gongkai.reports.checks import run_checks
from gongkai.reports.parse import parse_document
from gongkai.reports.render import render
from gongkai.reports.render.markdown import render_markdown
from gongkai.reports.tables import ReportData

reports = st.builds(
    lambda seed, template: examples.generate(random.Random(seed), template),
    st.integers(0, 2**32),
    st.sampled_from(["2021", "2021", "2021", "2019"]),
)


def _round_trip(report: ReportData, fmt: str) -> None:
    back, findings = parse_document(render(report, fmt), f"report.{fmt}")
    assert back.cells == report.cells
    assert (back.template, back.agency, back.year) == (report.template, report.agency, report.year)
    assert back.sections == report.sections
    assert back.narrative == report.narrative
    assert back == report
    assert findings == []


@pytest.mark.parametrize("fmt", ["json", "md", "html", "docx"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports)
def test_every_format_reads_back_identically(fmt: str, report: ReportData) -> None:
    _round_trip(report, fmt)


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports)
def test_pdf_reads_back_identically(report: ReportData) -> None:
    _round_trip(report, "pdf")


@settings(max_examples=60, deadline=None)
@given(report=reports)
def test_generated_reports_are_valid(report: ReportData) -> None:
    assert [f for f in run_checks(report) if f.severity is not Severity.INFO] == []


def _arithmetic_keys(report: ReportData) -> list[str]:
    return sorted(k for k in report.cells if k.startswith(("applications.", "disputes.")))


@settings(max_examples=150, deadline=None)
@given(report=reports, data=st.data())
def test_a_corrupted_cell_trips_a_check_on_that_cell(
    report: ReportData, data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(_arithmetic_keys(report)))
    delta = data.draw(st.integers(1, 9))
    report.cells[key] = int(report.cells[key] or 0) + delta
    errors = [f for f in run_checks(report) if f.severity is Severity.ERROR]
    assert errors, key
    assert all(key in f.cells or f.code.startswith("TEXT_") for f in errors)
    expected = (
        {"T4_TOTAL"}
        if key.startswith("disputes.")
        else {"T3_ROW_TOTAL", "T3_OUTCOME_SUM", "T3_BALANCE"}
    )
    assert expected & {f.code for f in errors if key in f.cells}


@settings(max_examples=40, deadline=None)
@given(report=reports, data=st.data())
def test_a_corrupted_number_in_the_document_is_found_on_its_cell(
    report: ReportData, data: st.DataObject
) -> None:
    """Change one number in the Markdown text itself: the reader and the checks find it."""
    key = data.draw(
        st.sampled_from([k for k in _arithmetic_keys(report) if not k.endswith(".total")])
    )
    original = report.cells[key]
    report.cells[key] = int(original or 0) + 1
    text = render_markdown(report)  # the document now states a wrong number in one cell
    report.cells[key] = original
    back, _ = parse_document(text.encode("utf-8"), "report.md")
    errors = [f for f in run_checks(back) if f.severity is Severity.ERROR]
    assert any(key in f.cells for f in errors), key


def test_narrative_figure_corruption_is_named() -> None:
    report = examples.generate(random.Random(7))
    figure = report.narrative["applications_received"]
    # Off by more than the carried-in count, which a sentence mentioning 结转 may include.
    wrong = figure.value + int(report.cells["applications.carried_in.total"] or 0) + 1
    report.narrative["applications_received"] = tables.NarrativeFigure(wrong, figure.quote)
    mismatch = [f for f in run_checks(report) if f.code == "TEXT_TABLE_MISMATCH"]
    assert len(mismatch) == 1
    assert mismatch[0].cells == ("applications.new.total",)
    assert f"正文称收到申请数为{wrong}件，表中对应数字为{figure.value}件" == mismatch[0].message
