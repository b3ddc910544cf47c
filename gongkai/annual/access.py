"""The only door to annual reports for staff: an agency's 信息员, 公开办负责人 and 系统管理员
(and the heads of the agencies above it) see its reports; a report outside that scope is a
404. Who may take which step is the workflow's table (annual.workflow)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.annual import workflow
from gongkai.annual.models import AnnualReport
from gongkai.orgs import access as org_access
from gongkai.orgs.models import AgencyQuerySet

REPORT_ROLES = tuple(workflow.EDITORS)  # who writes reports (the workflow's table)


def report_agencies(user: Any) -> AgencyQuerySet:
    return org_access.agencies_for(user, REPORT_ROLES)


def may_use(user: Any) -> bool:
    return org_access.holds_any(user, REPORT_ROLES)


def reports_for_staff(user: Any) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency__in=report_agencies(user))


def get_report_for_staff(user: Any, pk: int) -> AnnualReport:
    return get_object_or_404(reports_for_staff(user).select_related("agency"), pk=pk)


def published_report(agency_slug: str, year: int) -> AnnualReport | None:
    """An agency's report as the public sees it: published, and its item on the platform
    public (not withdrawn, its time come)."""
    from gongkai.publishing.models import Publication

    return (
        AnnualReport.objects.select_related("agency")
        .filter(
            agency__slug=agency_slug,
            agency__is_active=True,
            year=year,
            status=workflow.PUBLISHED,
            publication__in=Publication.objects.visible(),
        )
        .first()
    )
