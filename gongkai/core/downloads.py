"""A file handed to the browser to save, under its Chinese name (RFC 6266 filename*) with a plain
ASCII fallback."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    suffix = filename[filename.rfind(".") :]
    response["Content-Disposition"] = (
        f"attachment; filename=\"download{suffix}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
