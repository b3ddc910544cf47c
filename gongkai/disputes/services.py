"""Changes to the disputes register, each with its audit row (audit.registers)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongkai.audit import registers
from gongkai.audit.locking import locked
from gongkai.core.uploads import read_upload
from gongkai.disputes import access
from gongkai.disputes.models import Dispute, DisputeDocument

FIELDS = ["kind", "body", "case_number", "applicant", "application", "follows", "filed_on",
          "decided_on", "stage", "result", "summary"]  # fmt: skip
WHAT = "行政复议和诉讼登记"


class StaleEdit(Exception):
    """Someone saved the record since the form was opened."""


class NotYours(PermissionError):
    """Only the agency's case staff record its disputes."""


@transaction.atomic
def record_dispute(actor: Any, dispute: Dispute, before: dict[str, Any]) -> Dispute:
    """Saves a new or edited record; an edit of a stale version raises StaleEdit."""
    if not access.may_record(actor, dispute.agency):
        raise NotYours("只有本机关的承办人或公开办负责人可以登记行政复议和诉讼")
    if dispute.pk:
        locked(dispute, dispute.version, StaleEdit)  # the row as stored, locked until commit
        dispute.version += 1
    registers.record(actor, dispute, FIELDS, before, WHAT)
    return dispute


@transaction.atomic
def add_document(actor: Any, dispute: Dispute, title: str, upload: UploadedFile) -> DisputeDocument:
    """Raises core.attachments.AttachmentError (Chinese) for a file that may not be kept."""
    if not access.may_record(actor, dispute.agency):
        raise NotYours("只有本机关的承办人或公开办负责人可以上传文书")
    name, _, data, _ = read_upload(upload)
    document = DisputeDocument(dispute=dispute, title=title)
    document.file.save(name, ContentFile(data), save=True)
    registers.log(actor, dispute, WHAT, {}, {"document": title, "file": document.file.name})
    return document
