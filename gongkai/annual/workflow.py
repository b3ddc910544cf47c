"""The life of an annual report in the platform, as rules.

draft → checked (the checks ran on this version) → finalised (no error finding; the tables are
frozen) → publishing (its item, in the 政府信息公开年报 column, is in 保密审查) → published (the
publishing workflow published that item). Only the head reopens a report past checked, with a
reason; everything else about a finalised report is fixed.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from gongkai.core.workflow import SYSTEM, Choice, Forbidden, Workflow, table
from gongkai.orgs.roles import MANAGERS, ROLE_LABELS, Role


class Status(Choice):
    DRAFT = "draft", "草稿"
    CHECKED = "checked", "已核对"
    FINALISED = "finalised", "已定稿"
    PUBLISHING = "publishing", "发布审查中"
    PUBLISHED = "published", "已发布"


class Action(Choice):
    EDIT = "edit", "修改正文"
    CHECK = "check", "核对"
    FINALISE = "finalise", "定稿"
    PUBLISH = "publish", "提交发布"
    REOPEN = "reopen", "重新打开"
    ITEM_PUBLISHED = "published", "随公开信息发布"  # the platform, when its item is published


DRAFT, CHECKED, FINALISED, PUBLISHING, PUBLISHED = Status
STATUS_LABELS: dict[str, str] = {status: status.label for status in Status}
# A report's history in words: the actions above, and the events that are not transitions
# (services.start drafting it, import_published reading an earlier year's file). The keys stay
# in the events; pages show these.
EVENT_LABELS: dict[str, str] = {
    "draft": "生成初稿",
    "imported": "从文件导入",
    **{action.value: action.label for action in Action},
}
EDITABLE = frozenset({Status.DRAFT, Status.CHECKED})
# A system administrator acts as the head here (the office's manager of its reports).
EDITORS = frozenset({Role.EDITOR, Role.HEAD, Role.ADMIN})
HEADS = MANAGERS
EDITOR, HEAD = Role.EDITOR, Role.HEAD

TRANSITIONS = table(
    (EDITABLE, Action.EDIT, Status.DRAFT),
    (EDITABLE, Action.CHECK, Status.CHECKED),
    (Status.CHECKED, Action.FINALISE, Status.FINALISED),
    (Status.FINALISED, Action.PUBLISH, Status.PUBLISHING),
    (Status.PUBLISHING, Action.ITEM_PUBLISHED, Status.PUBLISHED),
    ((Status.FINALISED, Status.PUBLISHING, Status.PUBLISHED), Action.REOPEN, Status.DRAFT),
)
ACTION_ROLES: dict[Action, frozenset[str]] = {
    Action.EDIT: EDITORS,
    Action.CHECK: EDITORS,
    Action.FINALISE: HEADS,
    Action.PUBLISH: EDITORS,
    Action.ITEM_PUBLISHED: frozenset({SYSTEM}),
    Action.REOPEN: HEADS,
}
WORKFLOW = Workflow(
    TRANSITIONS,
    ACTION_ROLES,
    ROLE_LABELS,
    state_message="年度报告当前为“{state}”，不能{action}",
    role_message="您的岗位不能{action}年度报告",
)
# What staff may ask for on the report's page (the platform's own step is not a button).
ACTIONS = {a.value: a for a in Action if a not in (Action.EDIT, Action.ITEM_PUBLISHED)}


def event_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


def status_label(status: object) -> str:
    """A status's label; "" for an event without one (a new draft has no status before)."""
    return STATUS_LABELS.get(status, str(status)) if isinstance(status, str) and status else ""


class WorkflowError(Forbidden):
    """An action the rules do not allow now, with the reason in Chinese."""


@dataclass(frozen=True)
class Step:
    action: Action
    target: Status


def check(action: str, status: str, roles: Set[str], errors: int = 0, reason: str = "") -> Step:
    """The action and the status it leads to, if allowed now; WorkflowError otherwise. Beyond
    the table: no finalising while an error finding remains; no reopening without a reason."""
    try:
        found = Action(action)
    except ValueError:
        raise WorkflowError("未知的操作") from None
    try:
        target = WORKFLOW.next_status(Status(status), found, roles)
    except Forbidden as exc:
        raise WorkflowError(str(exc)) from None
    if found is Action.FINALISE and errors:
        raise WorkflowError(f"核对发现{errors}处错误，改正后才能定稿")
    if found is Action.REOPEN and not reason.strip():
        raise WorkflowError("重新打开年度报告须写明理由")
    return Step(found, target)


def available(status: str) -> list[Action]:
    """The buttons of the report's page in this status (the services check the roles)."""
    return [a for a in WORKFLOW.actions_from(Status(status)) if a.value in ACTIONS]
