from __future__ import annotations

from django.db import transaction

from gongkai.orgs.models import Agency, Membership


@transaction.atomic
def create_agency(name: str, parent: Agency | None = None, **fields: object) -> Agency:
    agency = Agency.objects.create(name=name, parent=parent, path="", **fields)
    place(agency)
    return agency


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


def add_member(user: object, agency: Agency, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return membership
