"""The staff banner: a template context processor that looks at the index's state only when a
signed-in page shows it (lazily, and from the cache: search.health.current)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.accounts.who import signed_in
from gongkai.search import health


def search_health(request: HttpRequest) -> dict[str, object]:
    if not signed_in(request):
        return {"search_health": None}  # not missing: a missing name costs an exception
    return {"search_health": SimpleLazyObject(health.current)}
