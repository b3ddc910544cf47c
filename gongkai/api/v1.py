"""`/api/v1/`: the public site's data as JSON (django-ninja: the schema is the code's own types,
served as OpenAPI 3 at `/api/v1/openapi.json`). Exactly what the public site shows: agencies
that are active, items that `visible()` lets through; no personal data."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from gongkai.annual import access as annual_access
from gongkai.annual import services as annual
from gongkai.annual.forms import CheckForm, Unreadable
from gongkai.api.http import readable
from gongkai.api.problems import not_found, problem
from gongkai.core import throttle
from gongkai.orgs.models import Agency
from gongkai.publishing import catalogue
from gongkai.publishing.access import public_item
from gongkai.publishing.models import Publication
from gongkai.reports.render import render


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese as Chinese, not \\u escapes


api = NinjaAPI(
    renderer=Renderer(),
    title="gongkai 政府信息公开数据接口",
    version="1",
    description="公开平台上公开的机关和政府信息，只读；与网站所示完全一致。",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api",
)
PAGE = 50
PAGE_MAX = 200


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    wrong = sorted({".".join(str(p) for p in e["loc"][1:]) for e in error.errors})
    return problem(
        422, f"参数有误：{'、'.join(wrong)}", errors=[e["loc"][-1] for e in error.errors]
    )


class AgencyOut(BaseModel):
    id: int
    name: str
    short_name: str
    slug: str | None
    parent: int | None
    level: int  # 0: the government at the top; 1: the level below; …
    platform_url: str


@api.get("/agencies/", response=list[AgencyOut], summary="机关（上下级树，按层次排列）")
@decorate_view(readable)
def agencies(request: HttpRequest) -> list[AgencyOut]:
    return [
        AgencyOut(
            id=a.pk,
            name=a.name,
            short_name=a.short_name,
            slug=a.slug,
            parent=a.parent_id,
            level=a.path.count("/") - 1,
            platform_url=request.build_absolute_uri(reverse("portal:platform", args=[a.pk])),
        )
        for a in Agency.objects.active().order_by("path")
    ]


# Outputs are plain pydantic models, built from dicts: ninja's Schema reads each field through
# a Django-aware getter, which made a page of 50 items cost 7 ms (bench/api.py).
class ItemOut(BaseModel):
    id: int
    title: str
    index_number: str | None
    doc_number: str
    publisher: str
    agency: int
    column: int
    column_name: str
    written_on: date
    published_at: datetime
    topic: str
    validity: str
    url: str


class AttachmentOut(BaseModel):
    name: str
    kind: str
    size: int
    url: str


class ItemDetail(ItemOut):
    invalid_on: date | None
    body: str  # sanitised HTML, as the item's page shows it
    attachments: list[AttachmentOut]
    interprets: int | None


class ItemPage(BaseModel):
    items: list[ItemOut]
    next: str | None  # the next page's address; none after the last


class ItemFilters(Schema):
    agency: int
    column: int | None = None
    year: int | None = None
    topic: str | None = None
    validity: str | None = None
    published_after: datetime | None = None  # ISO 8601; what was published since
    cursor: str | None = None
    limit: int = PAGE


@api.get(
    "/items/",
    response={200: ItemPage, 404: dict, 422: dict},
    summary="一个机关公开的政府信息（目录）",
)
@decorate_view(readable)
def items(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any] | HttpResponse:
    """Newest first, as the catalogue lists them, with its filters; `next` continues the list
    (a cursor: items published since do not shift it)."""
    agency = Agency.objects.active().filter(pk=filters.agency).first()
    if agency is None:
        return not_found(request, "机关")
    asked = catalogue.Narrowing(
        column=str(filters.column or ""),
        year=str(filters.year or ""),
        topic=filters.topic or "",
        validity=filters.validity or "",
    )
    found, _ = catalogue.items(agency, asked)
    if filters.published_after is not None:
        found = found.filter(published_at__gt=filters.published_after)
    try:
        after = _cursor(filters.cursor)
    except ValueError:
        return problem(422, "cursor 无效：请使用上一页返回的 next 地址。", errors=["cursor"])
    if after is not None:
        when, pk = after
        found = found.filter(published_at__lte=when).exclude(published_at=when, pk__gte=pk)
    limit = max(1, min(filters.limit, PAGE_MAX))
    page = list(found.order_by("-published_at", "-pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    following = None
    if more:
        last = page[-1]
        query = request.GET.copy()
        query["cursor"] = _encode(last)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    page_url = _item_url(request)
    return {"items": [_item(p, page_url) for p in page], "next": following}


@api.get("/items/{item_id}/", response={200: ItemDetail, 404: dict}, summary="一条政府信息")
@decorate_view(readable)
def item(request: HttpRequest, item_id: int) -> ItemDetail | HttpResponse:
    found = public_item(item_id)
    if found is None:
        return not_found(request, "政府信息")
    return ItemDetail(
        id=found["pk"],
        title=found["title"],
        index_number=found["index_number"],
        doc_number=found["doc_number"],
        publisher=found["publisher"],
        agency=found["agency_id"],
        column=found["column_id"],
        column_name=found["column_name"],
        written_on=found["written_on"],
        published_at=found["published_at"],
        topic=found["topic"],
        validity=found["validity"],
        url=_item_url(request).format(found["pk"]),
        invalid_on=found["invalid_on"],
        body=found["body"],
        interprets=found["interpreted"].pk if found["interpreted"] else None,
        attachments=[
            AttachmentOut(
                name=a.name,
                kind=a.kind,
                size=a.size,
                url=request.build_absolute_uri(reverse("portal:attachment", args=[a.pk])),
            )
            for a in found["attachments"]
        ],
    )


@api.get(
    "/reports/{agency_slug}/{year}/",
    response={200: dict[str, Any], 404: dict},
    summary="一个机关某年度的政府信息公开工作年度报告（gongkai.report/1）",
)
@decorate_view(readable)
def report(request: HttpRequest, agency_slug: str, year: int) -> Any:
    """The published report as data: the 2021 template's cells, the prose's figures and the
    checker's findings, as `gongkai check --json` gives them (docs/report-json.md)."""
    found = annual_access.published_report(agency_slug, year)
    if found is None:
        return not_found(request, "年度报告")
    return annual.data(found).to_json(annual.check(found))


# As many checks a minute as a person at the upload page could ask for (API_CHECKS_PER_MINUTE,
# 30); a batch belongs to the CLI.
CHECKS_PER_CLIENT = throttle.Limit(
    "api-check", failures=settings.API_CHECKS_PER_MINUTE, window=timedelta(minutes=1)
)
CHECK_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "报告文件"},
                    "text": {"type": "string", "description": "或报告全文"},
                    "previous": {
                        "type": "string",
                        "format": "binary",
                        "description": "上一年度报告（可选）",
                    },
                },
            }
        }
    },
}


@api.post(
    "/check",
    response={200: dict[str, Any], 422: dict, 429: dict},
    summary="核对一份年度报告（上传文件或全文）",
    openapi_extra={"requestBody": CHECK_BODY},
)
def check(request: HttpRequest) -> HttpResponse:
    """What `gongkai check --json` prints for the same file: the report as read and every
    finding. No sign-in and no CSRF token; the upload page's size, time and memory limits."""
    now = timezone.now()
    attempts = [(CHECKS_PER_CLIENT, throttle.client_address(request) or "unknown")]
    until = throttle.blocked_until(attempts, now)
    if until is not None:
        refused = problem(429, throttle.refusal(until))
        refused["Retry-After"] = str(max(1, int((until - now).total_seconds())))
        return refused
    throttle.count_failure(attempts, now)  # every check counts towards the limit
    form = CheckForm(request.POST, request.FILES)
    if not form.is_valid():
        wrong = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        detail = "；".join(m for messages in wrong.values() for m in messages)
        return problem(422, detail, errors=sorted(wrong))
    try:
        report, findings, _ = form.checked()
    except Unreadable as exc:
        return problem(422, exc.message, errors=[exc.field])
    return HttpResponse(
        render(report, "json", findings), content_type="application/json; charset=utf-8"
    )


@api.get("/check", include_in_schema=False)
def check_asked_by_get(request: HttpRequest) -> HttpResponse:
    """A browser opening the address: say, in Chinese, how the checker is asked."""
    refused = problem(
        405, "请用 POST 提交报告：文件（file）或全文（text），可附上一年度报告（previous）。"
    )
    refused["Allow"] = "POST"
    return refused


def _item(p: Publication, page_url: str) -> dict[str, Any]:
    """`page_url`: the item pages' address with `{}` for the id (_item_url, once per list)."""
    url = page_url.format(p.pk)
    return {
        "id": p.pk, "title": p.title, "index_number": p.index_number,
        "doc_number": p.doc_number, "publisher": p.publisher, "agency": p.agency_id,
        "column": p.column_id, "column_name": p.column.name, "written_on": p.written_on,
        "published_at": p.published_at, "topic": p.topic, "validity": p.validity, "url": url,
    }  # fmt: skip


def _item_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("portal:item", args=[0])).replace("/0/", "/{}/")


def _encode(p: Publication) -> str:
    assert p.published_at is not None
    raw = f"{p.published_at.isoformat()}|{p.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor(value: str | None) -> tuple[datetime, int] | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        when, pk = raw.split("|")
        return datetime.fromisoformat(when), int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise ValueError(value) from error
