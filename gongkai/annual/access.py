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


def published_reports(year: int | None = None, under: Any = None) -> QuerySet[AnnualReport]:
    """Reports as the public sees them: published, and each one's item on the platform public
    (not withdrawn, its time come); of one year, of one agency and every agency below it (a
    government and its departments), in the agency tree's order."""
    from gongkai.orgs.models import Agency
    from gongkai.publishing.models import Publication

    found = AnnualReport.objects.select_related("agency").filter(
        agency__is_active=True,
        status=workflow.PUBLISHED,
        publication__in=Publication.objects.visible(),
    )
    if year is not None:
        found = found.filter(year=year)
    if under is not None:
        found = found.filter(agency__in=Agency.objects.subtree(under))
    return found.order_by("agency__path", "year")


def published_report(agency_slug: str, year: int) -> AnnualReport | None:
    """An agency's report as the public sees it (published_reports)."""
    return published_reports(year).filter(agency__slug=agency_slug).first()
