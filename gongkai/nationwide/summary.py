"""How far a batch has got (files done and pending, what the checks found, the slowest files),
and its rows as `gongkai check DIR`'s summary has them (reports.batch.SUMMARY_FIELDS)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from gongkai.nationwide.models import AuditBatch, AuditResult, Status


@dataclass(frozen=True)
class Progress:
    created: datetime  # local time
    files: int
    done: int
    pending: int
    unreadable: int
    with_errors: int  # readable files with at least one error finding
    errors: int
    warnings: int
    seconds: float  # reading and checking, summed over the files done
    workers: int  # distinct worker processes that checked a file
    span: float | None  # seconds from the first file finished to the last
    slowest: list[AuditResult]


def progress(audit: AuditBatch, slowest: int = 5) -> Progress:
    results = AuditResult.objects.filter(batch=audit)
    totals = results.aggregate(
        done=Count("pk", filter=~Q(status=Status.PENDING)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        unreadable=Count("pk", filter=Q(status=Status.UNREADABLE)),
        with_errors=Count("pk", filter=Q(status=Status.OK, errors__gt=0)),
        errors=Sum("errors"),
        warnings=Sum("warnings"),
        seconds=Sum("seconds"),
        workers=Count("worker", distinct=True, filter=~Q(worker="")),
        first=Min("finished"),
        last=Max("finished"),
    )
    return Progress(
        created=timezone.localtime(audit.created),
        files=audit.file_count,
        done=totals["done"],
        pending=totals["pending"],
        unreadable=totals["unreadable"],
        with_errors=totals["with_errors"],
        errors=totals["errors"] or 0,
        warnings=totals["warnings"] or 0,
        seconds=totals["seconds"] or 0.0,
        workers=totals["workers"],
        span=(totals["last"] - totals["first"]).total_seconds() if totals["first"] else None,
        slowest=list(results.done().order_by("-seconds", "path")[:slowest]),
    )


def batch(batch_id: int) -> AuditBatch | None:
    return AuditBatch.objects.filter(pk=batch_id).first()


def worst(audit: AuditBatch, limit: int) -> list[dict[str, object]]:
    """The files done, worst first, as `gongkai check DIR` lists them."""
    return [r.summary() for r in audit.results.done().worst_first()[:limit]]


def rows(audit: AuditBatch) -> Iterator[dict[str, object]]:
    """Every file done, by path."""
    return (r.summary() for r in audit.results.done().order_by("path").iterator())
