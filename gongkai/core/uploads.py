"""The size limit every upload form applies from the upload's size alone, before anything reads
the file into memory (Django keeps no limit of its own on files)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings


def limited_upload(upload: Any, limit: int | None = None) -> Any:
    """The upload if it is within `limit` bytes (default REPORT_UPLOAD_MAX_BYTES: reports,
    registers, CSV imports); ValidationError in Chinese otherwise."""
    limit = limit or settings.REPORT_UPLOAD_MAX_BYTES
    if upload and upload.size > limit:
        raise forms.ValidationError(
            f"文件过大（{upload.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB。",
            code="too_large",
        )
    return upload
