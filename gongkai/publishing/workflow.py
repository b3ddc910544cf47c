"""The life of a publication, as rules: which action moves it from which status to which, and
who may take it. Services apply these; nothing else changes a status."""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, SUBMITTED, APPROVED, PUBLISHED, WITHDRAWN = (
    "draft",
    "submitted",
    "approved",
    "published",
    "withdrawn",
)
STATUS_LABELS = {
    DRAFT: "草稿",
    SUBMITTED: "待保密审查",
    APPROVED: "审查通过待发布",
    PUBLISHED: "已发布",
    WITHDRAWN: "已撤回",
}
EDITABLE = frozenset({DRAFT})
EDITOR, REVIEWER, HEAD = "editor", "reviewer", "head"


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    sources: frozenset[str]
    roles: frozenset[str]


ACTIONS = {
    a.key: a
    for a in (
        Action("submit", "提交保密审查", frozenset({DRAFT}), frozenset({EDITOR, HEAD})),
        Action("approve", "审查通过", frozenset({SUBMITTED}), frozenset({REVIEWER, HEAD})),
        Action("return", "退回修改", frozenset({SUBMITTED}), frozenset({REVIEWER, HEAD})),
        Action("publish", "发布", frozenset({APPROVED}), frozenset({EDITOR, HEAD})),
        Action("withdraw", "撤回", frozenset({PUBLISHED}), frozenset({EDITOR, REVIEWER, HEAD})),
        Action("redraft", "重新编辑", frozenset({WITHDRAWN}), frozenset({EDITOR, HEAD})),
    )
}


class WorkflowError(ValueError):
    """An action the rules do not allow now, with the reason in Chinese."""


def check(action: str, status: str, roles: set[str]) -> Action:
    found = ACTIONS.get(action)
    if found is None:
        raise WorkflowError("未知的操作")
    if status not in found.sources:
        raise WorkflowError(f"当前状态为“{STATUS_LABELS.get(status, status)}”，不能{found.label}")
    if not roles & found.roles:
        raise WorkflowError(f"您的岗位不能{found.label}")
    return found


def after_approval(levels_required: int, levels_done: int) -> str:
    """One or two levels of 保密审查: the item is approved when the last level signs."""
    return APPROVED if levels_done >= levels_required else SUBMITTED


def available(status: str, roles: set[str]) -> list[Action]:
    return [a for a in ACTIONS.values() if status in a.sources and roles & a.roles]
