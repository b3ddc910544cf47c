"""The report engine's entry points for files from users (the web page, the CLI, imports) and for
files made from what users typed (the exports): the same functions, run in a bounded worker
process (core.bounded), so that a file that would take gigabytes or minutes is refused with a
reason instead of taking the server with it."""

from __future__ import annotations

from collections.abc import Sequence

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


# Rendering in workers of its own (the pool matches workers by their limits): WeasyPrint with
# its fonts maps more address space than reading needs, and a worker that had read PDFs then
# rendered one went past 512 MB (seen in the suite). Time stays the reader's 8 s.
RENDER = bounded.Limits(memory_mb=1024)
# An agency's own finalised report, published by its staff: more time, so that a busy machine
# (a national audit running beside it) does not refuse a report that renders in a second.
PUBLISH_RENDER = bounded.Limits(memory_mb=1024, seconds=30)


def render_file(
    report: ReportData,
    fmt: str,
    findings: Sequence[Finding] = (),
    limits: bounded.Limits = RENDER,
) -> bytes:
    """render.render, bounded: a report carrying megabytes of text (anyone can post one to the
    public export) would keep WeasyPrint busy for minutes. Raises ValueError (Chinese)."""
    try:
        result: bytes = bounded.run(
            "gongkai.reports.render:render", report, fmt, list(findings), limits=limits
        )
    except bounded.Overrun:
        raise ValueError(
            "无法生成文件：报告内容过长，生成时超过了时间或内存上限，请删减正文后再导出"
        ) from None
    return result
