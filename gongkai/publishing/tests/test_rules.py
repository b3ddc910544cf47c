"""The pure rules: personal data, index numbers, the workflow, Table 二 counting."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.publishing import index_numbers, normative, pii, workflow


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("身份证号11010519491231002X，请核对", ["id"]),
        ("身份证号110105194912310021，校验位错", []),  # checksum wrong: not an ID number
        ("联系电话13812341234。", ["mobile"]),
        ("座机0379-61014864", []),
        ("卡号6222 0202 0000 0000 009", []),
        ("卡号4111111111111111", ["card"]),
        ("编号2021123456789012345678901", []),  # digits inside a longer number
    ],
)
def test_personal_data_scan(text: str, kinds: list[str]) -> None:
    assert [h.kind for h in pii.scan(text)] == kinds


def test_mask_keeps_three_and_four() -> None:
    assert pii.mask_all("请拨打13812341234咨询") == "请拨打138****1234咨询"
    assert pii.mask_all("11010519491231002X") == "110***********002X"


def test_index_rule_validation() -> None:
    assert index_numbers.format_number(index_numbers.DEFAULT_RULE, "GX", "05", 2021, 7) == (
        "GX-05-2021-00007"
    )
    with pytest.raises(index_numbers.RuleError, match="序号"):
        index_numbers.validate("{agency}-{year}")
    with pytest.raises(index_numbers.RuleError, match="只能使用"):
        index_numbers.validate("{agency}-{seq}-{colour}")
    with pytest.raises(index_numbers.RuleError, match="格式有误"):
        index_numbers.validate("{agency-{seq}")


def test_workflow_rules() -> None:
    assert workflow.check("submit", workflow.DRAFT, {"editor"}).key == "submit"
    with pytest.raises(workflow.WorkflowError, match="岗位"):
        workflow.check("approve", workflow.SUBMITTED, {"editor"})
    with pytest.raises(workflow.WorkflowError, match="当前状态"):
        workflow.check("publish", workflow.DRAFT, {"editor"})
    assert workflow.after_approval(2, 1) == workflow.SUBMITTED
    assert workflow.after_approval(2, 2) == workflow.APPROVED


def test_normative_counts_keep_the_stock_flow_identity() -> None:
    spans = [
        normative.Span("normative_documents", date(2018, 3, 1)),
        normative.Span("normative_documents", date(2019, 5, 1), date(2021, 12, 31)),
        normative.Span("normative_documents", date(2021, 2, 1)),
        normative.Span("normative_documents", date(2020, 1, 1), date(2021, 6, 30)),
        normative.Span("regulations", date(2021, 1, 5)),
    ]
    y2020 = normative.counts(spans, 2020)["normative_documents"]
    y2021 = normative.counts(spans, 2021)["normative_documents"]
    assert (y2021.issued, y2021.repealed, y2021.in_force) == (1, 2, 2)
    assert y2021.in_force == y2020.in_force + y2021.issued - y2021.repealed
    assert normative.counts(spans, 2021)["regulations"].in_force == 1
