"""`/api/`: the API's documentation, in Chinese, read from the OpenAPI schema the API serves
(every operation, parameter and response as the code declares it), with an example request for
each operation made from this site's own data, and the open data's 200 cell keys with their
labels in the template's words. Served with the site's own pages and styles: no CDN, no
script. (Not kept in the page cache: the page follows the reader's display settings, which
only the portal knows; it is a schema read once per process and three small queries.)"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from gongkai.annual import access as annual_access
from gongkai.api.problems import TITLES
from gongkai.api.v1 import CHECKS_PER_CLIENT, MATCHES, PAGE, PAGE_MAX, api
from gongkai.orgs.models import Agency
from gongkai.publishing.models import Publication
from gongkai.reports.tables import TEMPLATE_2021, cell_label

PREFIX = "/api/v1"
METHODS = {"get": "GET", "post": "POST"}
PLACES = {"query": "查询参数", "path": "路径参数"}
TYPES = {"integer": "整数", "string": "文本", "date-time": "日期时间", "binary": "文件"}
STATUS = {200: "成功", **TITLES}


@dataclass
class Parameter:
    name: str
    place: str
    kind: str
    required: bool
    description: SafeString
    default: Any = None


@dataclass
class Operation:
    method: str
    path: str
    summary: SafeString
    description: SafeString
    anchor: str
    parameters: list[Parameter] = field(default_factory=list)
    responses: list[tuple[int, str, str]] = field(default_factory=list)  # status, meaning, type
    example: str = ""


@cache
def schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema(path_prefix=PREFIX))


def operations() -> list[Operation]:
    found = []
    for path, methods in schema()["paths"].items():
        for method, operation in methods.items():
            found.append(
                Operation(
                    method=METHODS[method],
                    path=path,
                    summary=marked(operation.get("summary", "")),
                    description=marked(operation.get("description", "")),
                    anchor=operation["operationId"].rsplit("_", 1)[-1],
                    parameters=[_parameter(p) for p in operation.get("parameters", [])]
                    + _body_fields(operation),
                    responses=[
                        (int(status), STATUS.get(int(status), ""), ", ".join(r.get("content", {})))
                        for status, r in operation["responses"].items()
                    ],
                )
            )
    return found


def marked(text: str) -> SafeString:
    """A description as HTML: its `code spans` (CommonMark, as OpenAPI descriptions are
    written) as <code>, everything else escaped."""
    parts = escape(text).split("`")
    return mark_safe(  # each part escaped above
        "".join(f"<code>{p}</code>" if n % 2 else p for n, p in enumerate(parts))
    )


def _kind(property_schema: dict[str, Any]) -> str:
    options = property_schema.get("anyOf", [property_schema])
    kinds = [o.get("format") or o.get("type", "") for o in options if o.get("type") != "null"]
    return "、".join(TYPES.get(k, k) for k in kinds)


def _parameter(p: dict[str, Any]) -> Parameter:
    return Parameter(
        name=p["name"],
        place=PLACES.get(p["in"], p["in"]),
        kind=_kind(p["schema"]),
        required=bool(p.get("required")),
        description=marked(p.get("description", "")),
        default=p["schema"].get("default"),
    )


def _body_fields(operation: dict[str, Any]) -> list[Parameter]:
    content = operation.get("requestBody", {}).get("content", {})
    return [
        Parameter(name, "表单字段", _kind(prop), False, marked(prop.get("description", "")))
        for form in content.values()
        for name, prop in form["schema"].get("properties", {}).items()
    ]


def _examples(base: str) -> dict[str, str]:
    """A request for each operation that answers on this site: its newest item and that item's
    agency, its last published report."""
    item = Publication.objects.visible().order_by("-published_at").first()
    agency = Agency.objects.active().order_by("path").first()
    report = annual_access.published_reports().filter(agency__slug__isnull=False).last()
    agency_id = item.agency_id if item else agency.pk if agency else 1
    slug, year = (report.agency.slug, report.year) if report else ("luoyang-gaoxin", 2021)
    url = f"{base}{PREFIX}"
    return {
        "agencies": f"curl {shlex.quote(f'{url}/agencies/')}",
        "items": f"curl {shlex.quote(f'{url}/items/?agency={agency_id}&limit=20')}",
        "item": f"curl {shlex.quote(f'{url}/items/{item.pk if item else 1}/')}",
        "report": f"curl {shlex.quote(f'{url}/reports/{slug}/{year}/')}",
        "json": f"curl {shlex.quote(f'{url}/reports.json?' + urlencode({'year': year}))}",
        "csv": "curl -o reports.csv "
        + shlex.quote(f"{url}/reports.csv?" + urlencode({"year": year, "agency": slug})),
        "check": f"curl -F file=@{year}年度报告.pdf {shlex.quote(f'{url}/check')}",
    }


@require_GET
def page(request: HttpRequest) -> HttpResponse:
    examples = _examples(request.build_absolute_uri("/").rstrip("/"))
    listed = operations()
    for operation in listed:
        operation.example = examples[operation.anchor]
    return render(
        request,
        "api/docs.html",
        {
            "info": schema()["info"],
            "operations": listed,
            "schema_url": reverse("api:openapi-json"),
            "cells": [(k, cell_label(k)) for k in TEMPLATE_2021.keys()],  # noqa: SIM118
            "page_size": PAGE,
            "page_max": PAGE_MAX,
            "matches": MATCHES,
            "checks_per_minute": CHECKS_PER_CLIENT.failures,
        },
    )
