"""Checking many reports: every file read in parallel processes, then the cross-year checks
for each agency whose previous year is in the same batch, then one summary row per file.

Reading is the costly, independent part and runs in bounded worker processes (core.bounded:
a memory and a time limit per file); the checks are cheap and need the whole batch (to pair
years), so they run in the parent.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core import bounded, formulas
from gongkai.core.findings import Finding, Severity
from gongkai.reports.checks import run_checks
from gongkai.reports.checks.cross_year import same_agency
from gongkai.reports.parse import UnreadableDocument
from gongkai.reports.parse.errors import MAX_BYTES
from gongkai.reports.tables import ReportData

SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".pdf", ".json"}
)
SUMMARY_FIELDS = (
    "path",
    "status",
    "reason",
    "agency",
    "year",
    "template",
    "errors",
    "warnings",
    "infos",
    "codes",
)


@dataclass
class Result:
    path: str
    report: ReportData | None = None
    findings: list[Finding] = field(default_factory=list)
    reason: str = ""  # why the file could not be read

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    def summary(self) -> dict[str, object]:
        report = self.report
        codes = sorted({f.code for f in self.findings if f.severity is not Severity.INFO})
        return {
            "path": self.path,
            "status": "ok" if report else "unreadable",
            "reason": self.reason,
            "agency": report.agency if report else "",
            "year": report.year if report and report.year is not None else "",
            "template": report.template if report else "",
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "codes": ";".join(codes),
        }


def discover(paths: Iterable[str]) -> list[str]:
    """The report files named, and those under the directories named, in a stable order."""
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
        else:
            files.append(name)
    return files


def read_one(path: str) -> Result:
    """One file read in a bounded worker (core.bounded): a hostile file costs its worker, not
    the batch."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Result(path, reason=f"无法读取文件（{exc.strerror}）")
    if len(data) > MAX_BYTES:
        return Result(
            path,
            reason=f"文件过大（{len(data) // 1048576} MB），超过 {MAX_BYTES // 1048576} MB 的上限",
        )
    try:
        report, findings = bounded.run("gongkai.reports.parse:parse_document", data, path)
    except (UnreadableDocument, bounded.Overrun) as exc:
        return Result(path, reason=exc.reason)
    return Result(path, report, findings)


def read_all(files: list[str], jobs: int) -> Iterator[Result]:
    """Results in the order of `files`, read by `jobs` bounded workers at once."""
    bounded.configure(jobs)
    if jobs <= 1 or len(files) < 2:
        yield from map(read_one, files)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(read_one, files)


def check_all(results: list[Result]) -> None:
    """Run the checks on every readable report, with its predecessor when the batch has it."""
    by_year: dict[int, list[ReportData]] = {}
    for result in results:
        if result.report is not None and result.report.year is not None:
            by_year.setdefault(result.report.year, []).append(result.report)
    for result in results:
        report = result.report
        if report is None:
            continue
        previous = None
        if report.year is not None and report.agency:
            previous = next(
                (
                    p
                    for p in by_year.get(report.year - 1, [])
                    if same_agency(p.agency, report.agency)
                ),
                None,
            )
        result.findings = result.findings + run_checks(report, previous)
        result.findings.sort(key=lambda f: -f.severity.rank)


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def write_summary(results: list[Result], target: str) -> None:
    write_rows([r.summary() for r in results], target)


def write_rows(rows: Iterable[Mapping[str, object]], target: str) -> None:
    """Summary rows (SUMMARY_FIELDS, as `Result.summary` makes them) as CSV, or JSON by the
    suffix: `gongkai check DIR`'s file, and the same for a queued batch (`--results --csv`)."""
    path = Path(target)
    if path.suffix.lower() == ".json":
        text = json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel opens it right
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows({k: formulas.csv_escape(v) for k, v in row.items()} for row in rows)
