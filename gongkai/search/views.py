"""`/healthz/search`: the search index's state for monitoring (`/healthz` stays trivial)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.search import health as index_health


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 with {"state": "ok", ...} when the index holds every published item; 503 when it is
    empty, stale, being rebuilt or unreadable, so an uptime check alerts."""
    found = index_health.check()
    return JsonResponse(
        found.as_json(), status=200 if found.ok else 503, json_dumps_params={"ensure_ascii": False}
    )
