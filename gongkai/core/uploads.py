"""Uploads: the size limit every upload form applies from the upload's size alone, before
anything reads the file into memory (Django keeps no limit of its own on files), and an
attachment read and checked before anything is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from gongkai.core import attachments, bounded


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


def read_upload(upload: UploadedFile) -> tuple[str, str, bytes, str]:
    """An upload checked — type, size, content (in a bounded worker, core.bounded) — with its
    text; AttachmentError (Chinese) before anything is saved, so the form keeps the rest."""
    name = (upload.name or "附件").rsplit("/", 1)[-1]
    if upload.size and upload.size > settings.ATTACHMENT_MAX_BYTES:  # before reading it at all
        attachments.check(name, b"", upload.size, settings.ATTACHMENT_MAX_BYTES)
    data = upload.read()
    kind = attachments.check(name, data[:16], len(data), settings.ATTACHMENT_MAX_BYTES)
    try:
        text = bounded.run("gongkai.core.attachments:inspect", kind, data)
    except bounded.Overrun as exc:
        raise attachments.AttachmentError(f"附件“{name}”无法处理：{exc.reason}") from None
    except attachments.AttachmentError as exc:
        raise attachments.AttachmentError(f"附件“{name}”：{exc}") from None
    return name, kind, data, text
