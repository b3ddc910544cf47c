"""A file handed to the browser to save, under its Chinese name (RFC 6266 filename*) with a plain
ASCII fallback."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    suffix = filename[filename.rfind(".") :]
    response["Content-Disposition"] = (
        f"attachment; filename=\"download{suffix}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def stored(file: FieldFile, filename: str, content_type: str) -> HttpResponse:
    """A stored upload (an item's attachment, a training's material, a dispute's paper) after the
    view has checked who may have it. With DOWNLOADS_X_ACCEL (a prefix such as "/protected/",
    docs/operations.md) nginx sends the file itself from an internal location, and a web worker
    is not held while a slow client downloads 20 MB; without it, Django reads and sends it.
    OSError when the file is gone from storage."""
    prefix = settings.DOWNLOADS_X_ACCEL
    if prefix:
        name = file.name or ""
        if not name or not file.storage.exists(name):
            raise FileNotFoundError(name)
        response = download(b"", filename, content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        del response["Content-Length"]
        return response
    with file.open("rb") as handle:
        return download(handle.read(), filename, content_type)
