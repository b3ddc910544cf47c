"""The notifications a staff member may read: those of a case they may open (the caller has
the case from applications.access.get_case_for_staff, the only door to cases)."""

from __future__ import annotations

from typing import Any

from gongkai.applications.models import Application
from gongkai.notify.models import Message


def messages_of(case: Application) -> Any:
    return Message.objects.filter(case=case).select_related("case").order_by("created_at", "pk")
