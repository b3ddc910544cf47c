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
from gongkai.orgs.models import Membership
from gongkai.orgs.roles import MANAGERS

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def gate(may_use: Callable[[Any], bool], refusal: str) -> Callable[[View], View]:
    """Signed in, and `may_use` (an app's access predicate) says yes; 403 with `refusal`
    otherwise. The one gate of the back office: who may is decided in the apps' access.py."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may_use(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Signed in and holding a case role (承办人 or 公开办负责人) somewhere.
case_staff = gate(access.may_use, "您没有办理依申请公开案件的岗位")
# Signed in as a 公开办负责人 or 系统管理员 of some agency.
managers = gate(
    lambda user: org_access.holds_any(user, MANAGERS),
    "只有公开办负责人或系统管理员可以使用此功能",
)
managed = org_access.managed_agencies


def year_param(request: HttpRequest) -> int:
    """The `year` asked for (2008–2100), or this year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2008 <= int(raw) <= 2100 else timezone.localdate().year


def handlers_of(agencies: Any) -> Any:
    ids = Membership.objects.filter(agency__in=agencies, role__in=workflow.HANDLERS).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids).order_by("username")
