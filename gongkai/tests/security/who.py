"""The users of the matrix: one per post in agency A, all posts, a superuser, the head above, and
another agency's staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from gongkai.orgs.models import Role

# A Tuesday morning (as in the other back-office tests), so deadlines and months do not depend
# on the day the suite runs.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()

# --- who ------------------------------------------------------------------------------------------

EDITOR, REVIEWER, HANDLER, HEAD, ADMIN = (
    Role.EDITOR.value,
    Role.REVIEWER.value,
    Role.HANDLER.value,
    Role.HEAD.value,
    Role.ADMIN.value,
)
ALL_ROLES = frozenset(role.value for role in Role)
SUPERUSER = "superuser"  # Django's flag: the admin site, and loading the calendar
ROOT_HEAD = "root_head"  # 公开办负责人 of an agency without a parent: loads the calendar


@dataclass(frozen=True)
class Who:
    """A kind of user: what they hold for agency A (`in_a`) and anywhere (`anywhere`)."""

    name: str
    in_a: frozenset[str] = frozenset()
    anywhere: frozenset[str] = frozenset()

    @property
    def anonymous(self) -> bool:
        return self.name == "anonymous"


def _single(role: str) -> Who:
    return Who(role, frozenset({role}), frozenset({role}))


USERS: tuple[Who, ...] = (
    Who("anonymous"),
    *(_single(role) for role in (EDITOR, REVIEWER, HANDLER, HEAD, ADMIN)),
    Who("all_roles", ALL_ROLES, ALL_ROLES),
    Who("superuser", frozenset({SUPERUSER}), frozenset({SUPERUSER})),
    # Head of the government above A: A's work is in their reach (orgs.access.agencies_for).
    Who("parent_head", frozenset({HEAD, ROOT_HEAD}), frozenset({HEAD, ROOT_HEAD})),
    Who("outsider", frozenset(), ALL_ROLES),  # every role, but in B
)
