"""The staff navigation: every area of the back office the signed-in user may use, and nothing
else (each app's access predicate decides), with 修改密码 on every staff page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from gongkai.annual import access as annual_access
from gongkai.applications import access as case_access
from gongkai.orgs import access as org_access
from gongkai.orgs.roles import MANAGERS, Role
from gongkai.publishing import access as publishing_access
from gongkai.worklog import access as worklog_access

register = template.Library()
ALL_POSTS = frozenset(Role)

# (label, URL name, the posts that may use it, the URL names' beginnings that count as being
# there). The post sets are the apps' own (their access.py); the navigation asks for the user's
# posts once, where asking each app's predicate would cost a query per area on every page.
AREAS: list[tuple[str, str, frozenset[str], tuple[str, ...]]] = [
    ("首页", "office:home", ALL_POSTS, ("home",)),
    ("依申请公开", "office:workbench", frozenset(case_access.CASE_ROLES),
     ("workbench", "case", "statistics", "register", "template")),
    ("主动公开", "office:publications", frozenset(publishing_access.PUBLISHING_ROLES),
     ("publication", "publishing", "attachment", "normative", "figures", "timeliness",
      "column")),
    ("年度报告", "office:annual_reports", frozenset(annual_access.REPORT_ROLES), ("annual",)),
    ("复议诉讼", "office:disputes", frozenset(case_access.CASE_ROLES), ("dispute",)),
    ("政务公开工作台账", "office:worklog", frozenset(worklog_access.WORK_ROLES), ("worklog",)),
    ("网站自查", "office:sitecheck", ALL_POSTS, ("sitecheck",)),
    ("节假日安排", "office:calendar", MANAGERS, ("calendar",)),
    ("系统管理", "office:system", frozenset({Role.ADMIN}), ("system",)),
]  # fmt: skip


def areas_for(user: Any, current: str = "") -> list[tuple[str, str, bool]]:
    """(label, URL, is the current page) for each area `user` may use."""
    posts = set(org_access.posts_of(user))
    if getattr(user, "is_superuser", False):
        posts |= {Role.ADMIN}
    found = []
    for label, name, allowed, names in AREAS:
        if not posts & allowed:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # an area not installed
            continue
        found.append((label, url, bool(current) and current.startswith(names)))
    return found


@register.inclusion_tag("office/includes/nav.html", takes_context=True)
def staff_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return {"areas": []}
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match and match.namespace == "office" else ""
    try:
        password = reverse("password_change")
    except NoReverseMatch:
        password = ""
    return {"areas": areas_for(user, current or ""), "password_url": password}


@register.simple_tag(takes_context=True)
def may_edit_website(context: Any) -> bool:
    """Whether 系统管理 shows its 网站信息 tab to this user."""
    request = context.get("request")
    return org_access.may_edit_website(getattr(request, "user", None))
