"""The only door to the 政务公开 work register: an agency's 信息员 and 公开办负责人 (and the
heads of the agencies above it, and its 系统管理员) see and keep its records; a record outside
that scope is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency, AgencyQuerySet
from gongkai.orgs.roles import MANAGERS, Role
from gongkai.worklog.models import (
    Account,
    AccountFigure,
    Activity,
    ActivityFile,
    Venue,
    WebsiteEvent,
)

WORK_ROLES = tuple(sorted(MANAGERS | {Role.EDITOR}))


def work_agencies(user: Any) -> AgencyQuerySet:
    return org_access.agencies_for(user, WORK_ROLES)


def may_use(user: Any) -> bool:
    return org_access.holds_any(user, WORK_ROLES)


def may_keep(user: Any, agency: Agency) -> bool:
    return work_agencies(user).filter(pk=agency.pk).exists()


def activities_for_staff(user: Any) -> QuerySet[Activity]:
    return Activity.objects.filter(agency__in=work_agencies(user)).select_related("agency")


def venues_for_staff(user: Any) -> QuerySet[Venue]:
    return Venue.objects.filter(agency__in=work_agencies(user)).select_related("agency")


def website_events_for_staff(user: Any) -> QuerySet[WebsiteEvent]:
    return WebsiteEvent.objects.filter(agency__in=work_agencies(user)).select_related("agency")


def accounts_for_staff(user: Any) -> QuerySet[Account]:
    return Account.objects.filter(agency__in=work_agencies(user)).select_related("agency")


def get_activity_for_staff(user: Any, pk: int) -> Activity:
    return get_object_or_404(activities_for_staff(user), pk=pk)


def get_activity_file_for_staff(user: Any, pk: int) -> ActivityFile:
    rows = ActivityFile.objects.filter(activity__agency__in=work_agencies(user))
    return get_object_or_404(rows.select_related("activity"), pk=pk)


def get_venue_for_staff(user: Any, pk: int) -> Venue:
    return get_object_or_404(venues_for_staff(user), pk=pk)


def get_website_event_for_staff(user: Any, pk: int) -> WebsiteEvent:
    return get_object_or_404(website_events_for_staff(user), pk=pk)


def get_account_for_staff(user: Any, pk: int) -> Account:
    return get_object_or_404(accounts_for_staff(user), pk=pk)


def get_figure_for_staff(user: Any, pk: int) -> AccountFigure:
    rows = AccountFigure.objects.filter(account__agency__in=work_agencies(user))
    return get_object_or_404(rows.select_related("account"), pk=pk)


# What the annual report and the self-check read (no user: the records of one agency).


def activities_in(agency: Agency, year: int) -> QuerySet[Activity]:
    return Activity.objects.filter(agency=agency, held_on__year=year)


def venues_of(agency: Agency) -> QuerySet[Venue]:
    return Venue.objects.filter(agency=agency)


def website_events_in(agency: Agency, year: int) -> QuerySet[WebsiteEvent]:
    return WebsiteEvent.objects.filter(agency=agency, happened_on__year=year)


def accounts_of(agency: Agency) -> QuerySet[Account]:
    return Account.objects.filter(agency=agency)


def figures_in(agency: Agency, year: int) -> QuerySet[AccountFigure]:
    return AccountFigure.objects.filter(account__agency=agency, year=year).select_related("account")
