"""The life of a publication, as rules (the one workflow shape, core.workflow): which action
moves it from which status to which, and who may take it. Services apply these; nothing else
changes a status."""

from __future__ import annotations

from collections.abc import Set

from gongkai.core.workflow import SYSTEM, Choice, Forbidden, Workflow, table
from gongkai.orgs.roles import ROLE_LABELS, Role


class Status(Choice):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待保密审查"
    APPROVED = "approved", "审查通过待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Action(Choice):
    SUBMIT = "submit", "提交保密审查"
    APPROVE = "approve", "审查通过"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "发布"
    WITHDRAW = "withdraw", "撤回"
    REDRAFT = "redraft", "重新编辑"


DRAFT, SUBMITTED, APPROVED, PUBLISHED, WITHDRAWN = Status
STATUS_LABELS: dict[str, str] = {status: status.label for status in Status}
# An item's history in words: the actions above, and the changes that are not transitions
# (services.save_draft, remove_attachment, mask_personal_data; the demo's import). The keys stay
# in the events; pages show these.
EVENT_LABELS: dict[str, str] = {
    "created": "新建草稿",
    "edited": "修改草稿",
    "masked": "遮盖个人信息",
    "attachment_removed": "删除附件",
    "imported": "导入",
    **{action.value: action.label for action in Action},
}
EDITABLE = frozenset({Status.DRAFT})
EDITOR, REVIEWER, HEAD = Role.EDITOR, Role.REVIEWER, Role.HEAD
EDITORS = frozenset({EDITOR, HEAD})  # who writes and edits an item, and publishes it
REVIEWERS = frozenset({REVIEWER, HEAD})  # who signs a level of 保密审查

# Approve leads to APPROVED when the last level of review signs; with two levels the first
# signature keeps the item SUBMITTED (after_approval).
TRANSITIONS = table(
    (Status.DRAFT, Action.SUBMIT, Status.SUBMITTED),
    (Status.SUBMITTED, Action.APPROVE, Status.APPROVED),
    (Status.SUBMITTED, Action.RETURN, Status.DRAFT),
    (Status.APPROVED, Action.PUBLISH, Status.PUBLISHED),
    (Status.PUBLISHED, Action.WITHDRAW, Status.WITHDRAWN),
    (Status.WITHDRAWN, Action.REDRAFT, Status.DRAFT),
)
ACTION_ROLES: dict[Action, frozenset[str]] = {
    Action.SUBMIT: EDITORS,
    Action.APPROVE: REVIEWERS,
    Action.RETURN: REVIEWERS,
    Action.PUBLISH: EDITORS,
    # The platform withdraws an annual report's item when the report's corrected version is
    # published (annual.services.item_published), so the 年报 column never lists it twice.
    Action.WITHDRAW: EDITORS | REVIEWERS | {SYSTEM},
    Action.REDRAFT: EDITORS,
}
WORKFLOW = Workflow(TRANSITIONS, ACTION_ROLES, ROLE_LABELS)
ACTIONS = {action.value: action for action in Action}


def event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


def status_label(status: object) -> str:
    """A status's label; "" for an event without one (an import has no status before)."""
    return STATUS_LABELS.get(status, str(status)) if isinstance(status, str) and status else ""


class WorkflowError(Forbidden):
    """An action the rules do not allow now, with the reason in Chinese."""


def check(action: str, status: str, roles: Set[str]) -> Action:
    """The action, if `roles` may take it from `status`; WorkflowError (Chinese) otherwise."""
    found = ACTIONS.get(action)
    if found is None:
        raise WorkflowError("未知的操作")
    try:
        WORKFLOW.next_status(Status(status), found, roles)
    except Forbidden as exc:
        raise WorkflowError(str(exc)) from None
    return found


def after_approval(levels_required: int, levels_done: int) -> Status:
    """One or two levels of 保密审查: the item is approved when the last level signs."""
    return APPROVED if levels_done >= levels_required else SUBMITTED


def available(status: str, roles: Set[str]) -> list[Action]:
    return WORKFLOW.available(Status(status), roles)
