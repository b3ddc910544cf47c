"""The only door to the website self-check for staff: every member of an agency sees its runs,
findings and tasks (and a head those of the agencies below); a record outside that scope is a
404. Tasks are set and waived, and the 错敏词 list kept, by the agency's managers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, AgencyQuerySet
from gongkai.sitecheck.models import Finding, Run, SensitiveTerm, Task

may_manage = org_access.may_manage


def site_agencies(user: Any) -> AgencyQuerySet:
    return org_access.agencies_for(user)


def may_use(user: Any) -> bool:
    return org_access.is_staff_member(user)


def runs_for_staff(user: Any) -> QuerySet[Run]:
    return Run.objects.filter(agency__in=site_agencies(user))


def get_run_for_staff(user: Any, pk: int) -> Run:
    return get_object_or_404(runs_for_staff(user).select_related("agency"), pk=pk)


def get_finding_for_staff(user: Any, pk: int) -> Finding:
    rows = Finding.objects.filter(run__agency__in=site_agencies(user))
    return get_object_or_404(rows.select_related("run__agency"), pk=pk)


def get_task_for_staff(user: Any, pk: int) -> Task:
    rows = Task.objects.filter(agency__in=site_agencies(user))
    return get_object_or_404(rows.select_related("agency", "owner", "closed_by"), pk=pk)


def get_term_for_manager(user: Any, agency: Agency, pk: str) -> SensitiveTerm:
    """An agency's own term (the shared list is not theirs to remove), for its managers."""
    if not may_manage(user, agency):
        raise PermissionError("只有公开办负责人或系统管理员可以维护错敏词")
    return get_object_or_404(SensitiveTerm, pk=pk, agency=agency)
