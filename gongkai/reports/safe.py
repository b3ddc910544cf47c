"""The report engine's entry points for files from users (the web page, the CLI, imports): the
same functions, run in a bounded worker process (core.bounded), so that a file that would take
gigabytes or minutes is refused with a reason instead of taking the server with it."""

from __future__ import annotations

from gongkai.core import bounded
from gongkai.core.findings import Finding
from gongkai.reports.parse import UnreadableDocument
from gongkai.reports.tables import ReportData


def check_file(
    data: bytes, filename: str = "", previous: ReportData | None = None
) -> tuple[ReportData, list[Finding]]:
    """checks.check_document, bounded. Raises UnreadableDocument (with the reason)."""
    try:
        result: tuple[ReportData, list[Finding]] = bounded.run(
            "gongkai.reports.checks:check_document", data, filename, previous
        )
    except bounded.Overrun as exc:
        raise UnreadableDocument(exc.reason) from None
    return result


def parse_file(data: bytes, filename: str = "") -> tuple[ReportData, list[Finding]]:
    """parse.parse_document, bounded. Raises UnreadableDocument (with the reason)."""
    try:
        result: tuple[ReportData, list[Finding]] = bounded.run(
            "gongkai.reports.parse:parse_document", data, filename
        )
    except bounded.Overrun as exc:
        raise UnreadableDocument(exc.reason) from None
    return result
