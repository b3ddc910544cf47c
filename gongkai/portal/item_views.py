"""An item's public page and its attachments: only published items whose time has come."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.core.attachments import ALLOWED
from gongkai.core.downloads import stored
from gongkai.portal.display import public_page
from gongkai.publishing.access import public_item
from gongkai.publishing.models import Attachment, Publication

log = logging.getLogger(__name__)


@require_GET
@public_page
def item(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_item(pk)
    if found is None:
        raise Http404
    return render(request, "portal/item.html", {"p": found})


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Attachment.objects.select_related("publication"), pk=pk)
    if not Publication.objects.visible().filter(pk=found.publication_id).exists():
        raise Http404

    try:
        return stored(found.file, found.name, ALLOWED.get(found.kind, "application/octet-stream"))
    except OSError:  # the file is gone from storage: a broken link the self-check reports
        log.error("attachment %s: file %s is missing", found.pk, found.file.name)
        raise Http404 from None
