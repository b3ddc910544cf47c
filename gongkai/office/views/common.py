"""What the back-office views share: who may open them, and file downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.applications import access, workflow
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Membership, Role

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def case_staff(view: View) -> View:
    """Signed in and holding a case role (承办人 or 公开办负责人) somewhere."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.case_agencies(request.user).exists():
            raise PermissionDenied("您没有办理依申请公开案件的岗位")
        return view(request, *args, **kwargs)

    return wrapper


def managers(view: View) -> View:
    """Signed in as a 公开办负责人 or 系统管理员 of some agency."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not managed(request.user).exists():
            raise PermissionDenied("只有公开办负责人或系统管理员可以使用此功能")
        return view(request, *args, **kwargs)

    return wrapper


def managed(user: Any) -> Any:
    return org_access.agencies_for(user, roles=(Role.HEAD, Role.ADMIN))


def year_param(request: HttpRequest) -> int:
    """The `year` asked for (2008–2100), or this year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2008 <= int(raw) <= 2100 else timezone.localdate().year


def handlers_of(agencies: Any) -> Any:
    ids = Membership.objects.filter(agency__in=agencies, role__in=workflow.HANDLERS).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids).order_by("username")
