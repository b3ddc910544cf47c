"""The report's life as rules: who may do what, and when."""

from __future__ import annotations

import pytest

from gongkai.annual import workflow
from gongkai.annual.workflow import WorkflowError, check


def test_finalising_needs_a_clean_check_and_the_head() -> None:
    assert check("finalise", workflow.CHECKED, {"head"}).target == workflow.FINALISED
    with pytest.raises(WorkflowError, match="核对发现2处错误，改正后才能定稿"):
        check("finalise", workflow.CHECKED, {"head"}, errors=2)
    with pytest.raises(WorkflowError, match="不能定稿"):
        check("finalise", workflow.DRAFT, {"head"})
    with pytest.raises(WorkflowError, match="您的岗位不能定稿年度报告"):
        check("finalise", workflow.CHECKED, {"editor"})


def test_a_finalised_or_published_report_is_reopened_only_by_the_head_with_a_reason() -> None:
    for status in (workflow.FINALISED, workflow.PUBLISHED):
        assert status not in workflow.EDITABLE
        assert check("reopen", status, {"head"}, reason="数据有误").target == workflow.DRAFT
        with pytest.raises(WorkflowError, match="须写明理由"):
            check("reopen", status, {"head"}, reason="  ")
        with pytest.raises(WorkflowError, match="您的岗位"):
            check("reopen", status, {"editor"}, reason="数据有误")
    with pytest.raises(WorkflowError, match="不能核对"):
        check("check", workflow.PUBLISHED, {"head"})
