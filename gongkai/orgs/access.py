"""Which agencies a staff member acts for. The only door to agency-scoped data: every app's
access module starts from here."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gongkai.accounts.models import User
from gongkai.core.workflow import SYSTEM, SystemActor
from gongkai.orgs.models import Agency, AgencyQuerySet, Membership, OrgEvent, Role, Website
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


# --- 系统管理: who administers which agencies and accounts ---------------------------------------


def may_administer(user: Any) -> bool:
    """系统管理 (agencies, accounts, posts): a 系统管理员 of some agency, or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def administered_agencies(user: Any) -> AgencyQuerySet:
    """The agencies `user` administers: for a 系统管理员, their agency and every agency below it;
    for a superuser, all of them."""
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    condition = Q(pk__in=[])
    for path in Membership.objects.filter(user=user, role=Role.ADMIN).values_list(
        "agency__path", flat=True
    ):
        condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


def administered_users(user: Any) -> QuerySet[User]:
    """The accounts `user` may manage (reset, deactivate, give posts to): for a 系统管理员, those
    whose every post is in an agency they administer; never a superuser, nor an account with a
    post elsewhere (its other agencies' administrators have a say too). A superuser: all."""
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    agencies = administered_agencies(user)
    inside = Membership.objects.filter(agency__in=agencies).values("user_id")
    outside = Membership.objects.exclude(agency__in=agencies).values("user_id")
    return User.objects.filter(pk__in=inside).exclude(pk__in=outside).exclude(is_superuser=True)


def get_agency_for_admin(user: Any, pk: int) -> Agency:
    """An agency `user` administers; 404 for any other."""
    return get_object_or_404(administered_agencies(user), pk=pk)


def get_user_for_admin(user: Any, pk: int) -> User:
    """An account `user` may manage; 404 for any other."""
    return get_object_or_404(administered_users(user), pk=pk)


def get_membership_for_admin(user: Any, pk: int) -> Membership:
    """A post in an agency `user` administers; 404 for any other."""
    found = Membership.objects.select_related("user", "agency")
    return get_object_or_404(found.filter(agency__in=administered_agencies(user)), pk=pk)


def org_events_for_admin(user: Any) -> QuerySet[OrgEvent]:
    """The audit log of the agencies and accounts `user` administers (a superuser: all of it)."""
    if not getattr(user, "is_authenticated", False):
        return OrgEvent.objects.none()
    events = OrgEvent.objects.select_related("actor", "agency", "member")
    if user.is_superuser:
        return events
    shown = Q(agency__in=administered_agencies(user)) | Q(member__in=administered_users(user))
    if may_edit_website(user):
        shown |= Q(kind=OrgEvent.Kind.WEBSITE_CHANGED)
    return events.filter(shown)


# The website's identity is read by every page (header and footer): kept in the cache, and
# forgotten when it changes; other processes see a change within WEBSITE_MAX_AGE seconds.
WEBSITE_KEY = "orgs:website"
WEBSITE_MAX_AGE = 60


def website() -> Website:
    """The installation's identity (an unsaved, empty one until an administrator sets it)."""
    found: Website | None = cache.get(WEBSITE_KEY)
    if found is None:
        found = Website.objects.filter(pk=1).first() or Website(pk=1)
        cache.set(WEBSITE_KEY, found, WEBSITE_MAX_AGE)
    return found


def forget_website() -> None:
    cache.delete(WEBSITE_KEY)


def may_edit_website(user: Any) -> bool:
    """The installation's identity: a superuser, or a 系统管理员 of a top-level agency (the
    government whose website this is)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Role.ADMIN, agency__parent__isnull=True
    ).exists()
