"""Public pages and the read API are the same for every anonymous reader, so a rendered response
is kept and served again until the published content changes. "Changes" is the search index's
version: every publish, edit of a published item and withdrawal commits to the index, in every
process. A response rendered while an item is scheduled expires at that item's publication
time, and none is kept longer than MAX_AGE (agency data such as the guide's phone number
changes without a commit). What else makes two responses differ (the reader's display
settings; the host an API response's links name) is the caller's `variant`."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gongkai.accounts.who import signed_in
from gongkai.publishing import workflow
from gongkai.publishing.models import Publication
from gongkai.search import services as search

MAX_AGE = 60
View = Callable[..., HttpResponse]
# Headers a kept response is served again with (its ETag and Last-Modified stay the same as
# long as it is kept, so a client's conditional request is answered with a 304).
KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified")


def kept(variant: Callable[[HttpRequest], str]) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            version = search.version()
            parts = (request.get_full_path(), variant(request), version)
            key = "page:" + hashlib.sha1("|".join(parts).encode()).hexdigest()
            now = time.time()
            found = cache.get(key)
            if found is not None and found[1] > now:
                content, _, headers = found
                again = HttpResponse(content)
                for name, value in headers.items():
                    again[name] = value
                return again
            response = view(request, *args, **kwargs)
            if _keepable(response):
                until = min(now + MAX_AGE, _next_scheduled(version, now))
                headers = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
                cache.set(key, (response.content, until, headers), MAX_AGE)
            return response

        return wrapper

    return decorate


def _keepable(response: HttpResponse) -> bool:
    """A response for everyone, as it will stay: not one the view said not to keep (no-store:
    the search page while the index is being rebuilt)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or "messages" in request.COOKIES:
        return False
    return not signed_in(request)


def _next_scheduled(version: str, now: float) -> float:
    """When the next scheduled item goes public; asked once per content version."""
    key = "page:next-scheduled:" + hashlib.sha1(version.encode()).hexdigest()
    due: float | None = cache.get(key)
    if due is None or due <= now:
        found = (
            Publication.objects.filter(status=workflow.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        due = found.timestamp() if found else now + MAX_AGE
        cache.set(key, due, MAX_AGE)
    return due
