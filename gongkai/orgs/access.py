"""Which agencies a staff member acts for. The only door to agency-scoped data: every app's
access module starts from here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from gongkai.core.workflow import SYSTEM, SystemActor
from gongkai.orgs.models import Agency, AgencyQuerySet, Membership, Role
from gongkai.orgs.roles import MANAGERS


def agencies_for(user: Any, roles: tuple[str, ...] | None = None) -> AgencyQuerySet:
    """The agencies whose work `user` may see: their own; for a head, also those below it."""
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    condition = Q(pk__in=[])
    for agency_id, path, role in memberships.values_list("agency_id", "agency__path", "role"):
        condition |= Q(path__startswith=path) if role == Role.HEAD else Q(pk=agency_id)
    return Agency.objects.filter(condition)


def roles_in(user: Any, agency: Agency) -> set[str]:
    """The roles `user` holds for `agency`: their own there, and head of an agency above it.
    The platform acting by itself (core.workflow.SystemActor) holds SYSTEM, everywhere."""
    if isinstance(user, SystemActor):
        return {SYSTEM}
    if not getattr(user, "is_authenticated", False):
        return set()
    roles: set[str] = set()
    for path, role in Membership.objects.filter(user=user).values_list("agency__path", "role"):
        if path == agency.path or (role == Role.HEAD and agency.path.startswith(path)):
            roles.add(role)
    return roles


def is_staff_member(user: Any) -> bool:
    return bool(posts_of(user))


def posts_of(user: Any) -> frozenset[str]:
    """The posts `user` holds in any agency (for the navigation and the back office's gates),
    read once per request: kept on the user object, which lives as long as the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_gongkai_posts", None)
    if cached is None:
        cached = frozenset(Membership.objects.filter(user=user).values_list("role", flat=True))
        user._gongkai_posts = cached
    return cached


def holds_any(user: Any, posts: Any) -> bool:
    """Whether `user` holds one of `posts` anywhere: the gate of an area of the back office."""
    return bool(posts_of(user) & frozenset(posts))


def managed_agencies(user: Any) -> AgencyQuerySet:
    """The agencies `user` manages as 公开办负责人 or 系统管理员."""
    return agencies_for(user, roles=tuple(MANAGERS))


def may_manage(user: Any, agency: Agency) -> bool:
    """Heads and system administrators manage an agency's settings, notice templates,
    registers, self-check tasks and 错敏词 list."""
    return bool(roles_in(user, agency) & MANAGERS)
