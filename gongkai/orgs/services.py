"""Every change to an agency or to who holds which role in it goes through one function here,
for every caller (the admin, the demo, commands, tests): one transaction and one `OrgEvent`
with the values before and after."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models, transaction

from gongkai.accounts.actors import actor_or_none
from gongkai.accounts.models import User
from gongkai.core.workflow import SystemActor
from gongkai.orgs import website
from gongkai.orgs.models import Agency, Membership, OrgEvent, Role, Website
from gongkai.orgs.signals import agency_created, agency_deleting

AGENCY_FIELDS = [
    "name",
    "short_name",
    "kind",
    "parent",
    "slug",
    "code",
    "office_name",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "is_active",
]

# What an account may do, besides its posts: log in at all, use the admin, do anything there;
# who it is; whether its password was one someone else has seen. Never the password itself.
ACCOUNT_FIELDS = [
    "username",
    "display_name",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
    "must_change_password",
]

# One-time passwords: letters and digits without the look-alikes (0/O/o, 1/I/l), read off a
# screen or a phone and typed back; three groups of four, about 2⁶⁸ possibilities.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_GROUPS, PASSWORD_GROUP = 3, 4


@transaction.atomic
def create_agency(
    name: str, parent: Agency | None = None, actor: Any = None, **fields: object
) -> Agency:
    agency = Agency.objects.create(name=name, parent=parent, path="", **fields)
    place(agency)
    _log(actor, OrgEvent.Kind.AGENCY_ADDED, agency, None, {}, _agency_state(agency))
    agency_created.send(sender=Agency, agency=agency)
    return agency


@transaction.atomic
def save_agency(actor: Any, agency: Agency) -> Agency:
    """Saves an agency as edited (new or not), places it in the tree and records the change."""
    stored = Agency.objects.select_for_update().filter(pk=agency.pk).first() if agency.pk else None
    before = _agency_state(stored) if stored else {}
    if stored is None:
        agency.path = ""
    agency.save()
    place(agency)
    after = _agency_state(agency)
    if after != before:
        kind = OrgEvent.Kind.AGENCY_CHANGED if stored else OrgEvent.Kind.AGENCY_ADDED
        _log(actor, kind, agency, None, before, after)
    if stored is None:
        agency_created.send(sender=Agency, agency=agency)
    return agency


@transaction.atomic
def delete_agency(actor: Any, agency: Agency) -> None:
    """Deletes an agency (its memberships first, each recorded); what it holds protects it."""
    for membership in Membership.objects.filter(agency=agency):
        remove_member(membership, actor)
    _log(actor, OrgEvent.Kind.AGENCY_REMOVED, agency, None, _agency_state(agency), {})
    agency_deleting.send(sender=Agency, agency=agency)
    agency.delete()


@transaction.atomic
def place(agency: Agency) -> None:
    """Set the agency's path from its parent, and move its subtree with it."""
    old = agency.path
    new = f"{agency.parent.path if agency.parent else ''}{agency.pk:06d}/"
    if old == new:
        return
    if agency.parent and agency.parent.path.startswith(new):
        raise ValueError("不能把机关移到它自己的下级机关之下")
    agency.path = new
    agency.save(update_fields=["path"])
    if old:
        for child in Agency.objects.filter(path__startswith=old).exclude(pk=agency.pk):
            child.path = new + child.path[len(old) :]
            child.save(update_fields=["path"])


@transaction.atomic
def add_member(user: Any, agency: Agency, role: str, actor: Any = None) -> Membership:
    """Gives `user` the role in `agency` (nothing changes, and nothing is recorded, if they
    hold it already)."""
    if role not in set(Role):
        raise ValueError(f"没有这种岗位：{role}")
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if created:
        _log(actor, OrgEvent.Kind.MEMBER_ADDED, agency, user, {}, _member_state(membership))
    return membership


@transaction.atomic
def change_member(
    membership: Membership, actor: Any = None, *, user: Any = None, role: str | None = None
) -> Membership:
    """Gives the post to another user or changes its role; `before` is read from the database,
    so an instance a form has already changed can be passed in."""
    stored = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    before = _member_state(stored)
    if role is not None:
        if role not in set(Role):
            raise ValueError(f"没有这种岗位：{role}")
        stored.role = role
    if user is not None:
        stored.user = user
    after = _member_state(stored)
    if after != before:
        stored.save(update_fields=["user", "role"])
        _log(actor, OrgEvent.Kind.MEMBER_CHANGED, stored.agency, stored.user, before, after)
    return stored


@transaction.atomic
def remove_member(membership: Membership, actor: Any = None) -> None:
    stored = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if stored is None:  # removed by someone else meanwhile
        return
    _log(actor, OrgEvent.Kind.MEMBER_REMOVED, stored.agency, stored.user, _member_state(stored), {})
    stored.delete()


@transaction.atomic
def save_account(actor: Any, user: Any) -> Any:
    """Saves a user account as edited in the admin (new or not) and records what changed — who
    may log in, use the admin, or do anything there. `before` is read from the database."""
    stored = type(user).objects.select_for_update().filter(pk=user.pk).first() if user.pk else None
    before = _account_state(stored) if stored else {}
    user.save()
    after = _account_state(user)
    if after != before:
        kind = OrgEvent.Kind.ACCOUNT_CHANGED if stored else OrgEvent.Kind.ACCOUNT_ADDED
        _log(actor, kind, None, user, before, after)
    return user


@transaction.atomic
def set_account_permissions(actor: Any, user: Any, groups: Any, permissions: Any) -> None:
    """Gives an account exactly these Django groups and admin permissions, recorded by name."""
    before = _permission_state(user)
    user.groups.set(groups)
    user.user_permissions.set(permissions)
    after = _permission_state(user)
    if after != before:
        _log(actor, OrgEvent.Kind.ACCOUNT_CHANGED, None, user, before, after)


def one_time_password() -> str:
    """A random password for someone to sign in with once (they must change it then): letters
    and digits, never only digits, never a common password."""
    while True:
        chars = [secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUPS * PASSWORD_GROUP)]
        if any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars):
            groups = range(0, len(chars), PASSWORD_GROUP)
            return "-".join("".join(chars[i : i + PASSWORD_GROUP]) for i in groups)


@transaction.atomic
def create_account(
    actor: Any,
    username: str,
    agency: Agency,
    role: str,
    *,
    display_name: str = "",
    email: str = "",
) -> tuple[User, str]:
    """A new account holding `role` in `agency`, with a one-time password: returned to be shown
    once to whoever created it, stored only as a hash, changed at the first sign-in. Two events:
    the account (ACCOUNT_ADDED) and its post (MEMBER_ADDED)."""
    password = one_time_password()
    user = User(username=username, display_name=display_name, email=email)
    user.set_password(password)
    user.must_change_password = True
    save_account(actor, user)
    add_member(user, agency, role, actor)
    return user, password


@transaction.atomic
def reset_password(actor: Any, user: Any) -> str:
    """Gives `user` a new one-time password (returned, to be shown once) that they must change
    at their next sign-in; their open sessions end (Django ties a session to the password). The
    event records that the password was reset, not what it is."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    before = {"password_reset": False, "must_change_password": stored.must_change_password}
    password = one_time_password()
    stored.set_password(password)
    stored.must_change_password = True
    stored.save(update_fields=["password", "must_change_password"])
    after = {"password_reset": True, "must_change_password": True}
    _log(actor, OrgEvent.Kind.ACCOUNT_CHANGED, None, stored, before, after)
    return password


@transaction.atomic
def change_password(user: Any, password: str) -> Any:
    """`user` sets their own password (already checked against the validators): the forced
    change is over. Recorded as done, without the password."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    before = {"password_changed": False, "must_change_password": stored.must_change_password}
    stored.set_password(password)
    stored.must_change_password = False
    stored.save(update_fields=["password", "must_change_password"])
    after = {"password_changed": True, "must_change_password": False}
    _log(user, OrgEvent.Kind.ACCOUNT_CHANGED, None, stored, before, after)
    return stored


@transaction.atomic
def set_active(actor: Any, user: Any, active: bool) -> Any:
    """Lets an account sign in again, or stops it (its sessions end at their next request; its
    posts and its records stay). Nothing is recorded when nothing changes."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    before = _account_state(stored)
    if stored.is_active != active:
        stored.is_active = active
        stored.save(update_fields=["is_active"])
        _log(actor, OrgEvent.Kind.ACCOUNT_CHANGED, None, stored, before, _account_state(stored))
    return stored


@transaction.atomic
def set_agency_active(actor: Any, agency: Agency, active: bool) -> Agency:
    """Takes an agency out of use (off the public site's lists and the daily self-check; its
    records and posts stay) or back into it."""
    stored = Agency.objects.select_for_update().get(pk=agency.pk)
    if stored.is_active != active:
        stored.is_active = active
        save_agency(actor, stored)
    return stored


class WebsiteError(Exception):
    """A change to the website's identity that cannot be made; the message is for the user."""


WEBSITE_FIELDS = ["name", *website.FIELDS]


@transaction.atomic
def update_website(actor: Any, values: dict[str, str], version: int,
                   emblem: bytes | None = None, remove_emblem: bool = False) -> Website:  # fmt: skip
    """Sets the website's name and footer fields (and its emblem, already prepared by
    website.prepare_emblem); `version` is the one the form was filled in from, so two
    administrators editing at once do not overwrite each other unseen."""
    from gongkai.orgs import access

    if not isinstance(actor, SystemActor) and not access.may_edit_website(actor):
        raise WebsiteError("只有上级机关的系统管理员可以修改网站信息。")
    found = Website.objects.select_for_update().filter(pk=1).first() or Website(pk=1)
    if found.version != version:
        raise WebsiteError("网站信息已被他人修改，请查看最新内容后重新提交。")
    before = _website_state(found)
    problems = []
    for name in WEBSITE_FIELDS:
        if name in values:
            value = website.normalise(name, values[name] or "")
            if name in website.FIELDS:
                problems.append(website.problem(name, value))
            elif len(value) > website.NAME_MAX_LENGTH:
                problems.append(f"网站名称最多{website.NAME_MAX_LENGTH}个字符。")
            setattr(found, name, value)
    if any(problems):
        raise WebsiteError(" ".join(p for p in problems if p))
    if remove_emblem:
        found.emblem = b""
    elif emblem is not None:
        found.emblem = emblem
    after = _website_state(found)
    if after == before:
        return found
    found.version += 1
    found.save()
    _log(actor, OrgEvent.Kind.WEBSITE_CHANGED, None, None, before, after)
    access.forget_website()  # this process at once; others read the row after the commit
    transaction.on_commit(access.forget_website)
    return found


def _website_state(found: Website) -> dict[str, Any]:
    state: dict[str, Any] = {"site_name": found.name}
    state.update((name, getattr(found, name)) for name in website.FIELDS)
    state["emblem"] = f"{len(bytes(found.emblem))}字节PNG" if found.emblem else ""
    return state


def _account_state(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS}


def _permission_state(user: Any) -> dict[str, Any]:
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def _member_state(membership: Membership) -> dict[str, Any]:
    return {
        "user": membership.user.get_username(),
        "role": membership.role,
        "role_label": str(Role(membership.role).label),
    }


def _agency_state(agency: Agency) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in AGENCY_FIELDS:
        value = getattr(agency, name)
        out[name] = str(value) if isinstance(value, models.Model) else value
    return out


def _log(actor: Any, kind: str, agency: Agency | None, member: Any, before: dict[str, Any],
         after: dict[str, Any]) -> None:  # fmt: skip
    names = [str(agency) if agency else "", member.get_username() if member is not None else ""]
    label = "｜".join(name for name in names if name)
    OrgEvent.objects.create(
        kind=kind,
        agency=agency,
        member=member,
        actor=actor_or_none(actor),
        label=label[:200],
        before=before,
        after=after,
    )
