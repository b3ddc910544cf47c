"""`/api/v1/`: the public site's data as JSON (django-ninja: the schema is the code's own types,
served as OpenAPI 3 at `/api/v1/openapi.json`). Exactly what the public site shows: agencies
that are active, items that `visible()` lets through; no personal data."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from gongkai.annual import access as annual_access
from gongkai.annual import services as annual
from gongkai.annual.forms import CheckForm, Unreadable
from gongkai.api import cursors, opendata
from gongkai.api.http import readable
from gongkai.api.problems import CONTENT_TYPE, TITLES, not_found, problem
from gongkai.core import csvfile, throttle
from gongkai.orgs.models import Agency
from gongkai.publishing import catalogue
from gongkai.publishing.access import public_item
from gongkai.publishing.models import Column, Validity
from gongkai.reports.render import render
from gongkai.reports.tables import TEMPLATE_2021
from gongkai.search import services as search
from gongkai.search.engine import EXACT_COUNT_LIMIT, Filters


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese as Chinese, not \\u escapes


class Problem(BaseModel):
    """RFC 9457 problem details: every error of the API (api.problems)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[str] | None = None  # the parameters or fields at fault


class API(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Every error response is described as what it is: a Problem, application/problem+json
        (ninja describes every response as application/json)."""
        schema = super().get_openapi_schema(**kwargs)
        schema["components"]["schemas"]["Problem"] = Problem.model_json_schema()
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    if int(status) >= 400:
                        response["description"] = TITLES.get(int(status), response["description"])
                        response["content"] = {
                            CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                        }
        return schema


api = API(
    renderer=Renderer(),
    title="gongkai 政府信息公开数据接口",
    version="1",
    description="公开平台上公开的机关、政府信息和年度报告数据，以及年度报告核对服务；"
    "与网站所示完全一致，无需登录。",
    openapi_url=None,  # served below: UTF-8 as written, with an ETag and CORS like every read
    docs_url=None,
    urls_namespace="api",
)
PAGE = 50
PAGE_MAX = 200
MAX_ID = 2**31 - 1  # the largest id a database's integer key holds (PostgreSQL's integer)
YEARS = catalogue.YEARS
# What text a parameter may hold: no control characters (PostgreSQL refuses NUL; none is typed).
TEXT = r"^[^\x00-\x1f\x7f]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"  # an agency's code (orgs.Agency.slug, a SlugField)
MATCHES = EXACT_COUNT_LIMIT  # items `q` and `doc_number` may find at once


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
    kind: str
    kind_name: str  # 人民政府, 政府工作部门, …
    parent: int | None
    level: int  # 0: the government at the top; 1: the level below; …
    platform_url: str


@api.get("/openapi.json", include_in_schema=False, url_name="openapi-json")
@decorate_view(readable)
def openapi_json(request: HttpRequest) -> HttpResponse:
    """The schema of this API (OpenAPI 3.1): what the documentation page at /api/ is read from."""
    schema = api.get_openapi_schema(path_prefix=request.path.removesuffix("openapi.json"))
    body = json.dumps(schema, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@api.get(
    "/agencies/",
    response=list[AgencyOut],
    summary="机关（上下级树，按层次排列）",
    description="平台上的全部机关：编号、名称、简称、代码（`slug`）、类型、上级机关和层级"
    "（0 为最上一级）。",
)
@decorate_view(readable)
def agencies(request: HttpRequest) -> list[AgencyOut]:
    return [
        AgencyOut(
            id=a.pk,
            name=a.name,
            short_name=a.short_name,
            slug=a.slug,
            kind=a.kind,
            kind_name=a.get_kind_display(),
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


# ItemOut's fields and where the list reads them from (the url is added after).
LISTED = {
    "id": "pk", "title": "title", "index_number": "index_number", "doc_number": "doc_number",
    "publisher": "publisher", "agency": "agency_id", "column": "column_id",
    "column_name": "column__name", "written_on": "written_on", "published_at": "published_at",
    "topic": "topic", "validity": "validity",
}  # fmt: skip


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
    agency: int = Field(ge=1, le=MAX_ID, description="机关编号（见机关列表的 `id`）")
    column: int | None = Field(None, ge=1, le=MAX_ID, description="栏目编号，含其下级栏目")
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="发布年份")
    topic: str | None = Field(
        None, max_length=50, pattern=TEXT, description="主题分类，与目录页的写法相同"
    )
    validity: str | None = Field(
        None,
        max_length=20,
        pattern=TEXT,
        description="有效性：" + "、".join(f"`{v}` {label}" for v, label in Validity.choices),
    )
    doc_number: str | None = Field(
        None,
        max_length=60,
        pattern=TEXT,
        description="文号，全部或部分，与网站检索相同（如“洛开管 2026”“〔2026〕9号”）",
    )
    q: str | None = Field(
        None,
        max_length=200,
        pattern=TEXT,
        description="检索词，与网站全文检索相同；结果仍按发布时间倒序",
    )
    published_after: datetime | None = Field(
        None, description="只列此时刻之后发布的（`ISO 8601`，如 `2026-03-01T00:00:00+08:00`）"
    )
    cursor: str | None = Field(
        None,
        max_length=200,
        pattern=TEXT,
        description="续页标记：请直接使用上一页返回的 `next` 地址",
    )
    limit: int = Field(PAGE, ge=1, le=PAGE_MAX, description=f"每页条数，1～{PAGE_MAX}")


@api.get(
    "/items/",
    response={200: ItemPage, 404: Problem, 422: Problem},
    summary="一个机关公开的政府信息（目录）",
    description="与网站“政府信息公开目录”所列完全一致：按发布时间倒序，可按栏目、年份、主题分类、"
    "有效性、文号、检索词和发布时间筛选；`next` 为下一页的地址（续页标记不受新发布的信息影响），"
    "最后一页为 `null`。未发布、定时发布未到时间和已撤回的信息不会出现。",
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
    found, chosen = catalogue.items(agency, asked)
    if filters.q or filters.doc_number:
        columns = tuple(Column.objects.filter(agency=agency).values_list("pk", flat=True))
        wanted = Filters(
            column_ids=columns,
            year=int(chosen["year"]) if "year" in chosen else None,
            doc_number=(filters.doc_number or "")[:60],
        )
        try:
            found = found.filter(pk__in=search.matching(filters.q or "", wanted, MATCHES))
        except search.TooBroad:
            return problem(
                422,
                f"符合条件的信息超过{MATCHES}条，请加上 `year`、`column` 等条件缩小范围。",
                errors=["q"],
            )
    if filters.published_after is not None:
        found = found.filter(published_at__gt=filters.published_after)
    try:
        after = cursors.decode(filters.cursor)
    except ValueError:
        return problem(422, "cursor 无效：请使用上一页返回的 next 地址。", errors=["cursor"])
    if after is not None:
        when, pk = after
        found = found.filter(published_at__lte=when).exclude(published_at=when, pk__gte=pk)
    limit = filters.limit
    rows = found.order_by("-published_at", "-pk").values_list(*LISTED.values())
    page = [dict(zip(LISTED, row, strict=True)) for row in rows[: limit + 1]]
    more = len(page) > limit
    page = page[:limit]
    following = None
    if more:
        query = request.GET.copy()
        query["cursor"] = cursors.encode(page[-1]["published_at"], page[-1]["id"])
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    page_url = _item_url(request)
    for row in page:
        row["url"] = page_url.format(row["id"])
    return {"items": page, "next": following}


@api.get(
    "/items/{item_id}/",
    response={200: ItemDetail, 404: Problem, 422: Problem},
    summary="一条政府信息",
    description="目录信息（索引号、文号、发布机构、成文日期、发布日期、栏目、主题分类、有效性）、"
    "正文（与信息页相同的 HTML）和附件地址；政策解读注明所解读文件的编号。",
)
@decorate_view(readable)
def item(
    request: HttpRequest,
    item_id: Annotated[int, Path(ge=1, le=MAX_ID, description="政府信息编号（列表中的 `id`）")],
) -> ItemDetail | HttpResponse:
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
    response={200: dict[str, Any], 404: Problem, 422: Problem},
    summary="一个机关某年度的政府信息公开工作年度报告（`gongkai.report/1`）",
    description="已公开的年度报告的数据：表格的每个单元格、正文中的数字和核对结果，"
    "与命令行 `gongkai check --json` 的输出格式相同（见 `docs/report-json.md`）。",
)
@decorate_view(readable)
def report(
    request: HttpRequest,
    agency_slug: Annotated[
        str,
        Path(
            max_length=100, pattern=SLUG, description="机关代码（`slug`），与命令行 `--agency` 相同"
        ),
    ],
    year: Annotated[int, Path(ge=YEARS[0], le=YEARS[1], description="报告年度")],
) -> Any:
    """The published report as data: the 2021 template's cells, the prose's figures and the
    checker's findings, as `gongkai check --json` gives them (docs/report-json.md)."""
    found = annual_access.published_report(agency_slug, year)
    if found is None:
        return not_found(request, "年度报告")
    return annual.data(found).to_json(annual.check(found))


class OpenDataFilters(Schema):
    year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="报告年度；不填为全部年度")
    agency: str | None = Field(
        None,
        max_length=100,
        pattern=SLUG,
        description="机关代码（`slug`）：只列该机关及其所有下级机关的报告（如一级政府及其部门）",
    )


@api.get(
    "/reports.json",
    response={200: opendata.OpenData, 404: Problem, 422: Problem},
    summary="公开数据：已公开年度报告的全部表格数据（JSON）",
    description="每份已公开的年度报告一行，含全部 200 个单元格（空白为 `null`）；"
    "可按年度和机关（含其下级机关）筛选。",
)
@decorate_view(readable)
def open_data_json(request: HttpRequest, asked: Query[OpenDataFilters]) -> Any:
    rows = opendata.rows(request, asked.year, asked.agency)
    if rows is None:
        return not_found(request, "机关")
    return {"keys": TEMPLATE_2021.keys(), "reports": rows}


@api.get(
    "/reports.csv",
    response={200: str, 404: Problem, 422: Problem},
    summary="公开数据：已公开年度报告的全部表格数据（CSV）",
    description="与 JSON 版相同的数据，每份报告一行，表头为单元格的键；UTF-8 编码（带字节顺序标记，"
    "Excel 可直接打开），空白单元格为空。",
    openapi_extra={
        "responses": {
            "200": {
                "description": "每份报告一行；表头为单元格键（docs/report-json.md）",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
@decorate_view(readable)
def open_data_csv(request: HttpRequest, asked: Query[OpenDataFilters]) -> Any:
    """UTF-8 with a BOM, so that Excel opens it; text that a spreadsheet would take for a
    formula starts with ' (core.formulas); a blank cell is an empty field, not 0."""
    rows = opendata.rows(request, asked.year, asked.agency)
    if rows is None:
        return not_found(request, "机关")
    keys = TEMPLATE_2021.keys()
    lines = [
        [*opendata.COLUMNS, *keys],
        *([*(r[c] for c in opendata.COLUMNS), *(r["cells"].get(k) for k in keys)] for r in rows),
    ]
    response = HttpResponse(csvfile.write(lines), content_type="text/csv; charset=utf-8")
    name = f"gongkai-reports-{asked.year or 'all'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
    response={200: dict[str, Any], 422: Problem, 429: Problem},
    summary="核对一份年度报告（上传文件或全文）",
    description="以 `multipart/form-data` 提交报告文件（`file`，"
    + str(CheckForm.base_fields["file"].help_text)
    + "）或全文（`text`），可附上一年度报告（`previous`）；返回读出的报告数据和每一条核对意见，与 `gongkai check --json` 相同。"
    "无需登录；文件大小、时间和内存的限制与网页上传相同；每个客户端每分钟限一定次数。",
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
        # A message about the form as a whole (neither or both of file and text) names both.
        fields = {f for name in wrong for f in (("file", "text") if name == "__all__" else (name,))}
        return problem(422, detail, errors=sorted(fields))
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


def _item_url(request: HttpRequest) -> str:
    """The item pages' address with `{}` for the id (built once per list)."""
    return request.build_absolute_uri(reverse("portal:item", args=[0])).replace("/0/", "/{}/")
