"""Who may change the working-day calendar: national data shared by every agency of an
installation, so only the installation's 系统管理员 or the 公开办负责人 of a root agency (one with
no parent: the government at the top of the tree) may load a notice, and they and the other
managers (heads and administrators of any agency) read its pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from gongkai.orgs.access import managed_agencies
from gongkai.orgs.models import Membership, Role

LOADERS = "系统管理员或本级人民政府（无上级机关）的公开办负责人"


def may_load(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return (
        Membership.objects.filter(user=user)
        .filter(Q(role=Role.ADMIN) | Q(role=Role.HEAD, agency__parent__isnull=True))
        .exists()
    )


def may_read(user: Any) -> bool:
    """The calendar's pages: those who may load it, and every agency's managers."""
    return may_load(user) or managed_agencies(user).exists()
