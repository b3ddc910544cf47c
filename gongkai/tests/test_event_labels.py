"""A history reads in words: every action a publication's or an annual report's event can hold
has a Chinese label, and so has every status before and after it (the keys stay in the rows)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.annual import workflow as annual_workflow
from gongkai.annual.models import ReportEvent
from gongkai.publishing import workflow as publishing_workflow
from gongkai.publishing.models import PublicationEvent

PACKAGE = Path(__file__).resolve().parents[1]
LATIN = re.compile(r"[A-Za-z]{2,}")


def _written(path: str, pattern: str) -> set[str]:
    """The action keys a module writes as literals (besides its workflow's Action values)."""
    return set(re.findall(pattern, (PACKAGE / path).read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("labels", "written"),
    [
        (
            publishing_workflow.EVENT_LABELS,
            _written("publishing/services.py", r'_event\(\s*\w+,\s*"(\w+)"')
            | _written("demo/publishing.py", r'PublicationEvent\(\s*[^)]*?action="(\w+)"'),
        ),
        (
            annual_workflow.EVENT_LABELS,
            _written("annual/services.py", r'_event\(\s*\w+,\s*\w+,\s*"(\w+)"'),
        ),
    ],
    ids=["publication", "annual report"],
)
def test_every_action_written_has_a_chinese_label(
    labels: dict[str, str], written: set[str]
) -> None:
    assert written, "the pattern no longer finds the literal actions: update this test"
    missing = sorted(written - labels.keys())
    assert not missing, f"actions written without a label: {missing}"
    latin = {key: label for key, label in labels.items() if LATIN.search(label)}
    assert not latin, latin


def test_every_action_and_status_of_the_workflows_is_labelled() -> None:
    for workflow in (publishing_workflow, annual_workflow):
        assert {a.value for a in workflow.Action} <= workflow.EVENT_LABELS.keys()
        for status in workflow.Status:
            assert workflow.status_label(status.value) == status.label


def test_an_event_shows_its_labels() -> None:
    event = PublicationEvent(action="submit", before="draft", after="submitted")
    assert (event.action_label, event.before_label, event.after_label) == (
        "提交保密审查",
        "草稿",
        "待保密审查",
    )
    masked = PublicationEvent(action="masked", before="draft", after="draft", note="2处")
    assert masked.action_label == "遮盖个人信息" and masked.before_label == masked.after_label
    imported = PublicationEvent(action="imported", after="published")  # before: {} (the default)
    assert (imported.action_label, imported.before_label, imported.after_label) == (
        "导入",
        "",
        "已发布",
    )
    report = ReportEvent(action="draft", before="", after="draft")
    assert (report.action_label, report.before_label, report.after_label) == (
        "生成初稿",
        "",
        "草稿",
    )
    assert (
        ReportEvent(action="finalise", before="checked", after="finalised").action_label == "定稿"
    )
