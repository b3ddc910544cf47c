"""The one shape of every workflow (cases, publications, annual reports, self-check tasks):
states and actions as labelled string enums, one table (state, action) → next state, and the
roles (orgs.roles.Role values) that may take each action. Pure: the services apply it inside
their transaction (audit.locking), and nothing else assigns a status.

Nobody skips the role check. What the platform does by itself (a register import, the demo, a
report following its published item, a self-check closing a task whose problem is gone) is done
by a `SystemActor`, whose one role is SYSTEM; a table grants SYSTEM only the actions the
platform may take, so it is written down who can do what, the platform included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Self, TypeVar

SYSTEM = "system"  # the role of the platform acting by itself (never a membership)


class Choice(StrEnum):
    """A state, an action or a role: its value is stored, its Chinese label is shown.
    Members are declared as `NAME = "value", "标签"`."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """For a model field's `choices`."""
        return [(member.value, member.label) for member in cls]

    @property
    def key(self) -> str:
        return self.value


@dataclass(frozen=True)
class SystemActor:
    """The platform acting by itself, named for the audit log (e.g. "台账导入")."""

    name: str
    pk: None = None
    is_authenticated: bool = False

    def __str__(self) -> str:
        return f"系统（{self.name}）"


class Forbidden(ValueError):
    """An action the table does not allow now (state or role), with the reason in Chinese."""


S = TypeVar("S", bound=Choice)
A = TypeVar("A", bound=Choice)


class Workflow(Generic[S, A]):
    """`transitions` says where each action leads from each state; `roles` who may take it.
    The two messages are formatted with `state` and `action` labels, and `roles` (the labels of
    those who may, joined by 、)."""

    def __init__(
        self,
        transitions: Mapping[tuple[S, A], S],
        roles: Mapping[A, frozenset[str]],
        role_labels: Mapping[str, str],
        state_message: str = "当前状态为“{state}”，不能{action}",
        role_message: str = "您的岗位不能{action}",
    ) -> None:
        missing = {action for _, action in transitions} - set(roles)
        if missing:
            raise ValueError(f"actions without roles: {sorted(missing)}")
        self.transitions = dict(transitions)
        self.roles = dict(roles)
        self.role_labels = role_labels
        self.state_message = state_message
        self.role_message = role_message

    def may(self, action: A, roles: Set[str]) -> bool:
        return bool(set(roles) & self.roles.get(action, frozenset()))

    def next_status(self, status: S, action: A, roles: Set[str]) -> S:
        """The state `action` leads to from `status`, for someone holding `roles`; Forbidden
        otherwise (the state is checked first: "not now" says more than "not you")."""
        target = self.transitions.get((status, action))
        if target is None:
            raise Forbidden(self.state_message.format(state=status.label, action=action.label))
        if not self.may(action, roles):
            allowed = "、".join(
                self.role_labels[r] for r in sorted(self.roles[action]) if r in self.role_labels
            )
            raise Forbidden(self.role_message.format(action=action.label, roles=allowed))
        return target

    def available(self, status: S, roles: Set[str]) -> list[A]:
        """The actions `roles` may take from `status`, in the table's order."""
        return [a for (s, a) in self.transitions if s == status and self.may(a, roles)]

    def actions_from(self, status: S) -> list[A]:
        return [a for (s, a) in self.transitions if s == status]

    def sources(self, action: A) -> frozenset[S]:
        return frozenset(s for (s, a) in self.transitions if a == action)


def table(*rows: tuple[Iterable[S] | S, A, S]) -> dict[tuple[S, A], S]:
    """Transitions written as (from one state or several, action, to)."""
    out: dict[tuple[S, A], S] = {}
    for sources, action, target in rows:
        for source in [sources] if isinstance(sources, Choice) else sources:
            out[(source, action)] = target
    return out
