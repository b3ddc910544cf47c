"""What every read of the API gets: the response kept for everyone until the published content
changes (search.pagecache), a Last-Modified (when it was made) and an ETag, so a repeated
request with If-None-Match or If-Modified-Since is a 304 without a body; and read-only CORS
(any site's script may GET; nothing else is opened)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.utils.http import http_date

from gongkai.search import pagecache

View = Callable[..., HttpResponse]
conditional = decorator_from_middleware(ConditionalGetMiddleware)
# Responses name absolute addresses, so one is kept for each address the site is reached by.
kept = pagecache.kept(lambda request: f"{request.scheme}://{request.get_host()}")


def readable(view: View) -> View:
    @wraps(view)
    def stamped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        return response

    shared = kept(stamped)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = shared(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return conditional(wrapper)  # type: ignore[return-value]
