"""The only door to cases for staff: an agency's handlers and its head (and the heads of the
agencies above it) see its cases; nobody else does, and a case outside that scope is a 404."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from gongkai.applications import workflow
from gongkai.applications.models import Application, ApplicationQuerySet
from gongkai.orgs import access as org_access
from gongkai.orgs.models import AgencyQuerySet

CASE_ROLES = tuple(workflow.HANDLERS)  # who works cases (the workflow's table)


def case_agencies(user: Any) -> AgencyQuerySet:
    return org_access.agencies_for(user, roles=CASE_ROLES)


def cases_for_staff(user: Any) -> ApplicationQuerySet:
    return Application.objects.filter(agency__in=case_agencies(user))


def get_case_for_staff(user: Any, pk: int) -> Application:
    queryset = cases_for_staff(user).select_related("agency", "applicant", "handler", "repeat_of")
    return get_object_or_404(queryset, pk=pk)


def may_use(user: Any) -> bool:
    return org_access.holds_any(user, CASE_ROLES)


# Heads and system administrators manage an agency's templates and registers.
may_manage = org_access.may_manage
