"""The life of an annual report in the platform, as rules.

draft → checked (the checks ran on this version) → finalised (no error finding; the tables are
frozen) → publishing (its item, in the 政府信息公开年报 column, is in 保密审查) → published (the
publishing workflow published that item). Only the head reopens a report past checked, with a
reason; everything else about a finalised report is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, CHECKED, FINALISED, PUBLISHING, PUBLISHED = (
    "draft",
    "checked",
    "finalised",
    "publishing",
    "published",
)
STATUS_LABELS = {
    DRAFT: "草稿",
    CHECKED: "已核对",
    FINALISED: "已定稿",
    PUBLISHING: "发布审查中",
    PUBLISHED: "已发布",
}
EDITABLE = frozenset({DRAFT, CHECKED})
EDITOR, HEAD = "editor", "head"


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


ACTIONS = {
    a.key: a
    for a in (
        Action("check", "核对", frozenset({DRAFT, CHECKED}), CHECKED, frozenset({EDITOR, HEAD})),
        Action("finalise", "定稿", frozenset({CHECKED}), FINALISED, frozenset({HEAD})),
        Action(
            "publish", "提交发布", frozenset({FINALISED}), PUBLISHING, frozenset({EDITOR, HEAD})
        ),
        Action(
            "reopen",
            "重新打开",
            frozenset({FINALISED, PUBLISHING, PUBLISHED}),
            DRAFT,
            frozenset({HEAD}),
        ),
    )
}


class WorkflowError(ValueError):
    """An action the rules do not allow now, with the reason in Chinese."""


def check(action: str, status: str, roles: set[str], errors: int = 0, reason: str = "") -> Action:
    found = ACTIONS.get(action)
    if found is None:
        raise WorkflowError("未知的操作")
    if status not in found.sources:
        raise WorkflowError(
            f"年度报告当前为“{STATUS_LABELS.get(status, status)}”，不能{found.label}"
        )
    if not roles & found.roles:
        raise WorkflowError(f"您的岗位不能{found.label}年度报告")
    if action == "finalise" and errors:
        raise WorkflowError(f"核对发现{errors}处错误，改正后才能定稿")
    if action == "reopen" and not reason.strip():
        raise WorkflowError("重新打开年度报告须写明理由")
    return found
