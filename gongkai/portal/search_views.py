"""The public search page: full text over every published item, with filters; filters alone list
the newest matching items; a search that finds nothing offers the nearest 文号 and titles."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from gongkai.orgs.models import Agency
from gongkai.portal.display import public_page
from gongkai.publishing.catalogue import descendants
from gongkai.publishing.models import Column
from gongkai.search import health as search_health
from gongkai.search import services as search
from gongkai.search import suggest, text
from gongkai.search.engine import Filters

FILTERS = ("column", "year", "agency", "doc_number")
CATALOGUES = 5  # agencies whose catalogue a search that found nothing links to


@require_GET
@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    columns = list(Column.objects.select_related("agency"))
    tree = descendants(columns)
    raw = _printable(request.GET.get("q", ""))
    filters = search.filters_from(request.GET, tree)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    searched = bool(raw.strip()) or filters.narrowing
    result = search.search(raw, filters, number) if searched else None
    index = search_health.current() if result is not None else None
    index_notice = index.public_message if index and not index.ok else ""
    found_nothing = result is not None and not result.hits and not index_notice
    kept = {k: _printable(request.GET[k]) for k in ("q", *FILTERS) if request.GET.get(k)}
    response = render(
        request,
        "portal/search.html",
        {
            "q": raw[:200],
            "result": result,
            "index_notice": index_notice,
            "columns": columns,
            "years": range(timezone.localdate().year, 2007, -1),
            "params": {k: v[:100] for k, v in kept.items()},
            "query": urlencode(kept),
            "filtered": filters.narrowing,
            "unfiltered": urlencode({"q": raw[:200]}) if raw.strip() else "",
            "suggestions": suggest.suggest(result.query, filters) if found_nothing else None,  # type: ignore[union-attr]
            "catalogues": _catalogues(columns, filters) if found_nothing else [],
        },
    )
    if index and not index.ok:
        add_never_cache_headers(response)  # neither kept by pagecache nor by a browser
    return response


def _printable(value: str) -> str:
    """Control characters (a NUL byte) dropped: never shown, never sent to the database."""
    return "".join(c for c in value if c.isprintable() or c == " ")


def _catalogues(columns: list[Column], filters: Filters) -> list[Agency]:
    """The catalogues to browse instead: the chosen column's agency, the agencies whose name
    holds the 发布机构 typed, else the first agencies with a platform."""
    agencies = list({c.agency_id: c.agency for c in columns}.values())
    if filters.column_ids:
        chosen = {c.agency_id for c in columns if c.pk in filters.column_ids}
        return [a for a in agencies if a.pk in chosen][:CATALOGUES]
    if filters.agency_runs:
        named = [
            a
            for a in agencies
            if any(r in text.normalise(f"{a.name} {a.short_name}") for r in filters.agency_runs)
        ]
        if named:
            return named[:CATALOGUES]
    return sorted(agencies, key=lambda a: a.path)[:CATALOGUES]
