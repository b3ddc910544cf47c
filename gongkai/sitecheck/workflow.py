"""The life of a rectification task (整改任务), in the one workflow shape (core.workflow): it is
opened by a manager from a finding, closed by the platform when a later run no longer finds the
problem, or waived by a manager with a reason."""

from __future__ import annotations

from gongkai.core.workflow import SYSTEM, Choice, Workflow, table
from gongkai.orgs.roles import MANAGERS, ROLE_LABELS


class Status(Choice):
    OPEN = "open", "整改中"
    CLOSED = "closed", "已整改"
    WAIVED = "waived", "已豁免"


class Action(Choice):
    CLOSE = "close", "复查通过，关闭"
    WAIVE = "waive", "豁免"


STATUS_LABELS: dict[str, str] = {status: status.label for status in Status}

TRANSITIONS = table(
    (Status.OPEN, Action.CLOSE, Status.CLOSED),
    (Status.OPEN, Action.WAIVE, Status.WAIVED),
)
ACTION_ROLES: dict[Action, frozenset[str]] = {
    Action.CLOSE: frozenset({SYSTEM}),  # only a run that no longer finds the problem
    Action.WAIVE: MANAGERS,
}
WORKFLOW = Workflow(
    TRANSITIONS,
    ACTION_ROLES,
    ROLE_LABELS,
    state_message="任务已被他人修改或已关闭，请刷新后重试",  # it is no longer open
    role_message="只有{roles}可以{action}整改任务",
)
