"""Queueing a folder of reports, and checking one of its files (what a worker's task does)."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.nationwide.models import AuditBatch, AuditResult, Status
from gongkai.reports import batch
from gongkai.reports.batch import SUMMARY_FIELDS


class NothingToQueue(Exception):
    """The folder is missing or holds no report file (Chinese reason)."""


def queue(folder: str) -> AuditBatch:
    """A batch of the report files under `folder` (found as `gongkai check DIR` finds them), a
    pending result and a task per file, all or nothing. Paths are absolute: a worker on another
    machine reads the same shared folder."""
    from gongkai.nationwide import tasks  # tasks call back into this module

    source = Path(folder).resolve()
    if not source.is_dir():
        raise NothingToQueue(f"{folder} 不是目录")
    files = batch.discover([str(source)])
    if not files:
        raise NothingToQueue(
            f"{folder} 中没有可核对的报告文件（支持 .txt .md .html .docx .pdf .json）"
        )
    with transaction.atomic():
        audit = AuditBatch.objects.create(source=str(source), file_count=len(files))
        AuditResult.objects.bulk_create(
            [AuditResult(batch=audit, path=path) for path in files], batch_size=1000
        )
        for path in files:
            tasks.check_file.enqueue(audit.pk, path)
    return audit


def check(batch_id: int, path: str) -> AuditResult | None:
    """One file read in a bounded worker and checked, exactly as `gongkai check` checks a file
    (reports.batch), and its result stored. A file already done is not read again, and a run
    that loses a race to another writes nothing: the row is filled only while pending, and the
    unique (batch, path) keeps one row. None when the batch was deleted."""
    stored = AuditResult.objects.filter(batch_id=batch_id, path=path).first()
    if stored is not None and stored.status != Status.PENDING:
        return stored  # a task run again (a retry, a second worker after a crash)
    if stored is None and not AuditBatch.objects.filter(pk=batch_id).exists():
        return None
    started = time.perf_counter()
    result = batch.read_one(path)
    batch.check_all([result])  # alone: no predecessor from the batch for the cross-year checks
    row = result.summary()
    fields = {
        **{name: row[name] for name in SUMMARY_FIELDS if name not in ("path", "year")},
        "year": result.report.year if result.report else None,
        "findings": [finding.to_json() for finding in result.findings],
        "seconds": round(time.perf_counter() - started, 3),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "finished": timezone.now(),
    }
    pending = AuditResult.objects.pending().filter(batch_id=batch_id, path=path)
    if not pending.update(**fields):  # done meanwhile, or queued without its row
        stored, _ = AuditResult.objects.get_or_create(batch_id=batch_id, path=path, defaults=fields)
        return stored
    if stored is None:
        return AuditResult.objects.get(batch_id=batch_id, path=path)
    for name, value in fields.items():
        setattr(stored, name, value)
    return stored
