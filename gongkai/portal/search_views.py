"""The public search page: full text over every published item, with filters."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from gongkai.portal.pagecache import public_page
from gongkai.portal.platform_views import descendants
from gongkai.publishing.models import Column
from gongkai.search import health as search_health
from gongkai.search import services as search


@require_GET
@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    columns = list(Column.objects.select_related("agency"))
    tree = descendants(columns)
    raw = request.GET.get("q", "")
    filters = search.filters_from(request.GET, tree)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    result = search.search(raw, filters, number) if raw.strip() else None
    index = search_health.current() if result is not None else None
    kept = {k: request.GET[k] for k in ("q", "column", "year", "agency", "doc_number")
            if request.GET.get(k)}  # fmt: skip
    response = render(
        request,
        "portal/search.html",
        {
            "q": raw[:200],
            "result": result,
            "index_notice": index.public_message if index and not index.ok else "",
            "columns": columns,
            "years": range(timezone.localdate().year, 2007, -1),
            "params": request.GET,
            "query": urlencode(kept),
        },
    )
    if index and not index.ok:
        add_never_cache_headers(response)  # neither kept by pagecache nor by a browser
    return response
