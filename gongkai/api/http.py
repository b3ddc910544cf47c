"""What every read of the API gets: an ETag (a repeated request with If-None-Match is a 304,
no body), and read-only CORS (any site's script may GET; nothing else is opened)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware

View = Callable[..., HttpResponse]
conditional = decorator_from_middleware(ConditionalGetMiddleware)


def readable(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return conditional(wrapper)  # type: ignore[return-value]
