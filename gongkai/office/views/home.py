"""`/office/`: each user's home, by their posts. A head sees a dashboard of what needs them; a
handler the workbench; a reviewer the items waiting for 保密审查; an editor their drafts and
returned items; a system administrator 系统管理. Someone with several posts lands on the first
of these and reaches the others through the navigation (office/templatetags/office_nav.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.annual import services as annual_services
from gongkai.annual.models import AnnualReport
from gongkai.applications import access as case_access
from gongkai.applications import services as cases
from gongkai.calendar import access as calendar_access
from gongkai.calendar import services as calendar_services
from gongkai.calendar import sources
from gongkai.office.views.cases import workbench
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.publishing import access as publishing_access
from gongkai.publishing import workflow as publishing_workflow
from gongkai.sitecheck import access as site_access
from gongkai.sitecheck import state
from gongkai.sitecheck.models import Run

NEAR_DUE_WORKDAYS = 3  # a case due within this many working days is "near due" on the dashboard
LISTED = 20  # rows per list on a home page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user

    def holds(role: str) -> bool:
        return org_access.agencies_for(user, roles=(role,)).exists()

    if holds(Role.HEAD):
        return _dashboard(request)
    if holds(Role.HANDLER):
        return workbench(request)
    if holds(Role.REVIEWER):
        return _reviews(request)
    if holds(Role.EDITOR):
        return _drafts(request)
    if holds(Role.ADMIN):
        try:
            return redirect(reverse("office:system"))
        except NoReverseMatch:  # 系统管理 not installed: the calendar is theirs too
            return redirect("office:calendar")
    if getattr(user, "is_superuser", False):
        return redirect("admin:index")
    raise PermissionDenied("您在本平台没有岗位，请联系系统管理员")


def _dashboard(request: HttpRequest) -> HttpResponse:
    """What needs the head today: late and near-due cases, extensions to consent to, items
    waiting for review, the annual report, the self-check's lights, the calendar."""
    user, today = request.user, timezone.localdate()
    calendar = calendar_services.current()
    open_cases = case_access.cases_for_staff(user).open().select_related("agency", "handler")
    near = calendar.add_workdays(today, NEAR_DUE_WORKDAYS)
    heads = org_access.agencies_for(user, roles=(Role.HEAD,)).order_by("path")
    reports = []
    listed = list(heads[:LISTED])
    found_reports = {
        r.agency_id: r for r in AnnualReport.objects.filter(agency__in=listed, year=today.year - 1)
    }
    for agency in listed:
        report = found_reports.get(agency.pk)
        reports.append((agency, report, annual_services.due(agency, today.year - 1, report, today)))
    lights = []
    checked = list(site_access.site_agencies(user).order_by("path")[:LISTED])
    # Each agency's latest finished run, in one query (runs are queued in order: the largest id).
    newest = (
        Run.objects.filter(agency__in=checked, status=Run.DONE)
        .values("agency_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    runs = {run.agency_id: run for run in Run.objects.filter(pk__in=newest)}
    for agency in checked:
        latest = runs.get(agency.pk)
        found = (latest.stats.get("lights") if latest else None) or {}
        lights.append(
            (
                agency,
                latest,
                [(label, found.get(key, "grey")) for key, label in state.INDICATORS.items()],
            )
        )
    reviews = publishing_access.publications_for_staff(user).filter(
        status=publishing_workflow.SUBMITTED
    )
    context: dict[str, Any] = {
        "overdue": list(open_cases.overdue(today).order_by("due_date", "pk")[:LISTED]),
        "near_due": list(
            open_cases.filter(due_date__gte=today, due_date__lte=near).order_by("due_date", "pk")[
                :LISTED
            ]
        ),
        "near_days": NEAR_DUE_WORKDAYS,
        "extensions": cases.pending_extensions(case_access.cases_for_staff(user))[:LISTED],
        "reviews": list(reviews.select_related("column").order_by("updated_at")[:LISTED]),
        "reports": reports,
        "report_year": today.year - 1,
        "lights": lights,
        "unannounced": sources.unannounced(today, calendar),
        "loaders": calendar_access.LOADERS,
        "today": today,
    }
    return render(request, "office/home_head.html", context)


def _reviews(request: HttpRequest) -> HttpResponse:
    """The 审核员's queue: items submitted for 保密审查, the longest waiting first."""
    items = (
        publishing_access.publications_for_staff(request.user)
        .filter(status=publishing_workflow.SUBMITTED)
        .select_related("column", "agency")
        .order_by("updated_at", "pk")
    )
    return render(request, "office/home_reviewer.html", {"items": items[:200]})


def _drafts(request: HttpRequest) -> HttpResponse:
    """The 信息员's desk: items returned by review first (with the reason), then drafts."""
    drafts = (
        publishing_access.publications_for_staff(request.user)
        .filter(status=publishing_workflow.DRAFT)
        .select_related("column", "agency")
    )
    week_ago = timezone.now() - timedelta(days=7)
    published = publishing_access.publications_for_staff(request.user).filter(
        status=publishing_workflow.PUBLISHED, published_at__gte=week_ago
    )
    return render(
        request,
        "office/home_editor.html",
        {
            "returned": drafts.exclude(return_reason="").order_by("-updated_at")[:200],
            "drafts": drafts.filter(return_reason="").order_by("-updated_at")[:200],
            "published": published.order_by("-published_at")[:LISTED],
        },
    )
