"""An item's public page and its attachments: only published items whose time has come."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.core.attachments import ALLOWED
from gongkai.core.downloads import download
from gongkai.portal.pagecache import public_page
from gongkai.publishing import platform
from gongkai.publishing.models import Attachment, Publication

log = logging.getLogger(__name__)


# What the page shows of an item: its query reads nothing else (no body_text, no agency row:
# the trail comes from the cached column map), since every page not in the page cache pays for
# the query's columns and joins (bench/portal.py, cold items).
SHOWN = (
    "title", "index_number", "publisher", "written_on", "published_at", "doc_number", "topic",
    "validity", "invalid_on", "body", "interprets", "column", "column__name", "column__column_class",
)  # fmt: skip


@require_GET
@public_page
def item(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(
        Publication.objects.visible().select_related("column").only(*SHOWN), pk=pk
    )
    interpreted = (
        Publication.objects.visible()
        .filter(pk=publication.interprets_id)
        .only("pk", "title")
        .first()
        if publication.interprets_id
        else None
    )
    interpretations = (
        Publication.objects.visible().filter(interprets=publication.pk).only("pk", "title")
        if publication.column.column_class == platform.NOTICE
        else []
    )
    return render(
        request,
        "portal/item.html",
        {
            "p": publication,
            # Not the attachment's extracted text (for search): it can be megabytes.
            "attachments": Attachment.objects.filter(publication=publication.pk).only(
                "name", "kind", "size"
            ),
            "interpreted": interpreted,
            "interpretations": interpretations,
        },
    )


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Attachment.objects.select_related("publication"), pk=pk)
    if not Publication.objects.visible().filter(pk=found.publication_id).exists():
        raise Http404

    try:
        with found.file.open("rb") as handle:
            content = handle.read()
    except OSError:  # the file is gone from storage: a broken link the self-check reports
        log.error("attachment %s: file %s is missing", found.pk, found.file.name)
        raise Http404 from None
    return download(content, found.name, ALLOWED.get(found.kind, "application/octet-stream"))
