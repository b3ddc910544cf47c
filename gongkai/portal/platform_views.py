"""The public 政府信息公开 platform: per agency, the four 61号 columns, the catalogue, item pages,
the guide built from the agency's own data, annual reports, feeds and the sitemap (search: search_views.py).
Server-rendered, no JavaScript; only published items whose time has come are ever shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as render_sitemap
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from gongkai.annual import services as annual
from gongkai.applications import deadlines, fees
from gongkai.orgs.models import Agency
from gongkai.portal.display import public_page
from gongkai.publishing import catalogue as directory
from gongkai.publishing import platform
from gongkai.publishing.catalogue import descendants
from gongkai.publishing.lateness import LATE_AFTER_WORKDAYS
from gongkai.publishing.models import Column, Publication, Validity

LATEST = 6
PAGE = 20


def _latest(column_ids: list[int], count: int = LATEST) -> list[Publication]:
    return list(
        Publication.objects.visible()
        .filter(column_id__in=column_ids)
        .only("pk", "title", "published_at", "column_id")[:count]
    )


def _agency(pk: int) -> Agency:
    return get_object_or_404(Agency.objects.active(), pk=pk)


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    agencies = list(Agency.objects.active().order_by("path"))
    columns = list(Column.objects.filter(parent__isnull=True).order_by("agency_id", "order"))
    tree = descendants(list(Column.objects.all()))
    blocks: dict[int, list[tuple[Column, list[Publication]]]] = {}
    for column in columns:
        if column.section == platform.OWN:
            blocks.setdefault(column.agency_id, []).append((column, _latest(tree[column.pk])))
    return render(
        request,
        "portal/home.html",
        {
            "agencies": agencies,
            "blocks": [(a, blocks[a.pk]) for a in agencies if a.pk in blocks],
            "platforms": [a for a in agencies if a.pk in {c.agency_id for c in columns}],
        },
    )


def _report_due(agency: Agency) -> str:
    """The day the agency's annual report is due each year (条例第四十九条, annual.deadlines)."""
    today = timezone.localdate()
    due = annual.due(agency, today.year - 1, None, today).on
    return f"{due.month}月{due.day}日"


def _purpose(column: Column, agency: Agency) -> str:
    return platform.purpose(column.slug, column.name, _report_due(agency))


@require_GET
@public_page
def platform_home(request: HttpRequest, agency: int) -> HttpResponse:
    """The four 61号 columns: the guide in brief from the agency's own data, and the latest items
    of the others (or, while a column is empty, what it will hold)."""
    found = _agency(agency)
    columns = list(Column.objects.filter(agency=found))
    tree = descendants(columns)
    sections = []
    for section in platform.FIRST_LEVEL:
        tops = [c for c in columns if c.section == section and c.parent_id is None]
        for column in tops:
            subs = [c for c in columns if c.parent_id == column.pk]
            items = [] if section == platform.GUIDE else _latest(tree[column.pk])
            sections.append((column, subs, items, _purpose(column, found)))
    return render(
        request, "portal/platform.html", {"agency": found, "sections": sections, "nav": columns}
    )


@require_GET
@public_page
def column_page(request: HttpRequest, pk: int) -> HttpResponse:
    column = get_object_or_404(Column.objects.select_related("agency"), pk=pk)
    if column.section == platform.GUIDE:
        return redirect("portal:guide", agency=column.agency_id)
    tree = descendants(list(Column.objects.filter(agency=column.agency)))
    items = Publication.objects.visible().filter(column_id__in=tree[column.pk])
    page = Paginator(items.only("pk", "title", "published_at", "index_number"), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/column.html",
        {
            "column": column,
            "page": page,
            "children": column.children.all(),
            "purpose": _purpose(column, column.agency),
        },
    )


@require_GET
@public_page
def catalogue(request: HttpRequest, agency: int) -> HttpResponse:
    """The 政府信息公开目录: every item with its index data, filterable."""
    found = _agency(agency)
    columns = list(Column.objects.filter(agency=found))
    asked = directory.Narrowing(
        **{k: request.GET.get(k, "") for k in ("column", "year", "topic", "validity")}
    )
    items, chosen = directory.items(found, asked)
    page = Paginator(items, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/catalogue.html",
        {
            "agency": found,
            "page": page,
            "columns": columns,
            "topics": platform.TOPICS,
            "validities": Validity.choices,
            "years": range(timezone.localdate().year, 2007, -1),
            "chosen": chosen,
            "query": urlencode(chosen),
        },
    )


@require_GET
@public_page
def guide(request: HttpRequest, agency: int) -> HttpResponse:
    """第十二条: the guide, from the agency's own data and the platform's own rules (deadlines,
    fees), so it is never out of date."""
    found = _agency(agency)
    columns = list(Column.objects.filter(agency=found, parent__isnull=True))
    statutory = list(
        Column.objects.filter(agency=found, parent__section=platform.STATUTORY, parent__parent=None)
    )
    return render(
        request,
        "portal/guide.html",
        {
            "agency": found,
            "columns": columns,
            "statutory": statutory,
            "superior": found.parent if found.parent_id else None,
            "rules": {
                "publish": LATE_AFTER_WORKDAYS,
                "correction": deadlines.CORRECTION_NOTICE_PERIOD,
                "reply": deadlines.REPLY_PERIOD,
                "extension": deadlines.EXTENSION_MAX,
                "consultation": deadlines.CONSULTATION_REPLY_PERIOD,
                "free_pieces": fees.FREE_PIECES,
                "free_pages": fees.FREE_PAGES,
                "payment": deadlines.FEE_PAYMENT_PERIOD,
            },
        },
    )


@require_GET
@public_page
def annual_reports(request: HttpRequest, agency: int) -> HttpResponse:
    found = _agency(agency)
    column = Column.objects.filter(agency=found, section=platform.ANNUAL).first()
    items = Publication.objects.visible().filter(column=column) if column else []
    return render(
        request,
        "portal/annual_reports.html",
        {
            "agency": found,
            "column": column,
            "items": items,
            "purpose": platform.purpose("nb", "政府信息公开年报", _report_due(found)),
        },
    )


class ColumnFeed(Feed):  # type: ignore[type-arg]
    def get_object(self, request: HttpRequest, pk: int) -> Column:
        return get_object_or_404(Column, pk=pk)

    def title(self, column: Column) -> str:
        return f"{column.agency.name}｜{column.name}"

    def link(self, column: Column) -> str:
        return reverse("portal:column", args=[column.pk])

    def description(self, column: Column) -> str:
        return f"{column.agency.name}政府信息公开平台“{column.name}”栏目的最新信息"

    def items(self, column: Column) -> list[Publication]:
        tree = descendants(list(Column.objects.filter(agency=column.agency_id)))
        return _latest(tree[column.pk], 30)

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return item.body_text[:200]

    def item_link(self, item: Publication) -> str:
        return reverse("portal:item", args=[item.pk])

    def item_pubdate(self, item: Publication) -> Any:
        return item.published_at


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = ColumnFeed.description


class PublishedSitemap(Sitemap):  # type: ignore[type-arg]
    priority = 0.6

    def items(self) -> Any:
        return Publication.objects.visible().only("pk", "published_at").order_by("pk")

    def location(self, item: Publication) -> str:
        return reverse("portal:item", args=[item.pk])

    def lastmod(self, item: Publication) -> Any:
        return item.published_at


def sitemap(request: HttpRequest) -> HttpResponse:
    return render_sitemap(request, {"items": PublishedSitemap()})
