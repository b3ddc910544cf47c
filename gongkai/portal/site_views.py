"""Pages about the website itself: the 网站地图, the emblem in its header, and the reader's
display preferences (大字号, 高对比度) set by a link, without JavaScript."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency
from gongkai.portal import display
from gongkai.portal.display import public_page
from gongkai.publishing.models import Column

YEAR = 365 * 86400


@require_GET
def preferences(request: HttpRequest) -> HttpResponse:
    """?text=large|standard and/or ?contrast=high|standard, then back to `next` or else to the
    page the link was on (its Referer: the toolbar's links are the same on every page, so that
    pages can share the frame); this site only, or the home page."""
    target = request.GET.get("next") or request.headers.get("Referer", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = redirect(target)
    for param, cookie, on in (
        ("text", display.TEXT_COOKIE, "large"),
        ("contrast", display.CONTRAST_COOKIE, "high"),
    ):
        value = request.GET.get(param)
        if value == on:
            response.set_cookie(cookie, on, max_age=YEAR, samesite="Lax")
        elif value is not None:
            response.delete_cookie(cookie)
    return response


@require_GET
def emblem(request: HttpRequest) -> HttpResponse:
    """The emblem an administrator uploaded, re-encoded as PNG (orgs.website.prepare_emblem);
    its address carries the version, so it may be kept for a day."""
    data = bytes(org_access.website().emblem)
    if not data:
        raise Http404
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@public_page
def site_map(request: HttpRequest) -> HttpResponse:
    """网站地图: every part of the site, and each agency's platform with its columns."""
    agencies = list(Agency.objects.active().order_by("path"))
    columns = list(
        Column.objects.filter(agency__is_active=True).order_by("agency_id", "order", "pk")
    )
    children: dict[int | None, list[Column]] = {}
    for column in columns:
        children.setdefault(column.parent_id, []).append(column)

    def tree(column: Column) -> tuple[Column, list[Any]]:
        return column, [tree(child) for child in children.get(column.pk, [])]

    tops: dict[int, list[tuple[Column, list[Any]]]] = {}
    for column in children.get(None, []):
        tops.setdefault(column.agency_id, []).append(tree(column))
    return render(
        request,
        "portal/site_map.html",
        {"platforms": [(a, tops[a.pk]) for a in agencies if a.pk in tops]},
    )
