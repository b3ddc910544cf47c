"""The posts a member holds in an agency (pure: the workflows' role tables name these)."""

from __future__ import annotations

from gongkai.core.workflow import SYSTEM, Choice


class Role(Choice):
    EDITOR = "editor", "信息员"
    REVIEWER = "reviewer", "审核员"
    HANDLER = "handler", "承办人"
    HEAD = "head", "公开办负责人"
    ADMIN = "admin", "系统管理员"


# An agency's managers: its settings, notice templates, registers, self-check tasks and
# 错敏词 list, its annual report's finalising and reopening.
MANAGERS = frozenset({Role.HEAD, Role.ADMIN})

# For the workflows' messages: who may take an action, the platform itself included.
ROLE_LABELS: dict[str, str] = {**{r.value: r.label for r in Role}, SYSTEM: "系统"}
