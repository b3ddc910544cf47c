"""One error shape for every API error: RFC 9457 problem details, in Chinese."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "请求有误",
    404: "未找到",
    405: "不支持的请求方法",
    422: "参数有误",
    429: "请求过于频繁",
}


def problem(status: int, detail: str, **extra: Any) -> HttpResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "出错了"), "status": status}
    return JsonResponse(
        {**body, "detail": detail, **extra},
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def not_found(request: HttpRequest, what: str) -> HttpResponse:
    return problem(404, f"没有这个{what}，或它尚未公开。")
