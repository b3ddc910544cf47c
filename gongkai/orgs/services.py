"""Every change to an agency or to who holds which role in it goes through one function here,
for every caller (the admin, the demo, commands, tests): one transaction and one `OrgEvent`
with the values before and after."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from gongkai.accounts.actors import actor_or_none
from gongkai.orgs.models import Agency, Membership, OrgEvent, Role
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

# What an account may do, besides its posts: log in at all, use the admin, do anything there.
ACCOUNT_FIELDS = ["username", "first_name", "last_name", "is_active", "is_staff", "is_superuser"]


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
