"""`gongkai check` and `gongkai render`: reports read in the bounded workers (reports.safe), no
Django — but for `check --queue` and `check --results`, which hand the files to the platform's
workers (gongkai.nationwide) and set Django up themselves. Exit status of `check`: 0 no error
finding, 1 at least one error finding, 2 a file could not be read (the reason in one Chinese
line, never a traceback)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gongkai.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, setup_django
from gongkai.core.findings import Finding, Severity
from gongkai.reports import batch
from gongkai.reports.parse import UnreadableDocument
from gongkai.reports.render import render
from gongkai.reports.safe import check_file, parse_file
from gongkai.reports.tables import ReportData


def _read_file(path: str) -> bytes:
    file = Path(path)
    if not file.exists():
        raise UnreadableDocument("文件不存在")
    if file.is_dir():
        raise UnreadableDocument("这是一个目录，不是文件")
    try:
        return file.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"无法读取文件（{exc.strerror}）") from exc


def run_render(args: argparse.Namespace) -> int:
    try:
        report, _ = parse_file(_read_file(args.file), args.file)
    except UnreadableDocument as exc:
        print(f"无法读取 {args.file}：{exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    findings = check_file(_read_file(args.file), args.file)[1] if args.fmt == "json" else []
    try:
        Path(args.output).write_bytes(render(report, args.fmt, findings))
    except OSError as exc:
        print(f"无法写入 {args.output}：{exc.strerror}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写入 {args.output}", file=sys.stderr)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    minimum = Severity(args.min_severity)
    single = len(args.paths) == 1 and not Path(args.paths[0]).is_dir()
    if not single:
        return _check_many(args, minimum)
    previous: ReportData | None = None
    if args.previous:
        try:
            previous, _ = parse_file(_read_file(args.previous), args.previous)
        except UnreadableDocument as exc:
            print(f"无法读取上年报告 {args.previous}：{exc.reason}", file=sys.stderr)
            return EXIT_UNREADABLE
    path = args.paths[0]
    try:
        report, findings = check_file(_read_file(path), path, previous)
    except UnreadableDocument as exc:
        print(f"无法读取 {path}：{exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    shown = [f for f in findings if f.severity.rank >= minimum.rank]
    if args.json:
        sys.stdout.write(render(report, "json", shown).decode("utf-8"))
    else:
        _print_report(report, shown, findings)
    return EXIT_ERRORS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _print_report(report: ReportData, shown: list[Finding], findings: list[Finding]) -> None:
    console = Console(highlight=False)
    prefixes = Counter(key.split(".")[0] for key in report.cells)
    console.print(
        f"[bold]{report.agency or '（未识别机关）'}[/bold] · "
        f"{report.year or '？'}年度 · 模板：{_TEMPLATE_NAMES.get(report.template, '未识别')}"
    )
    console.print(
        f"读取：表二 {prefixes['proactive'] + prefixes['proactive_2019']} 格，"
        f"表三 {prefixes['applications']} 格，表四 {prefixes['disputes']} 格；"
        f"正文数字 {len(report.narrative)} 项"
    )
    counts = Counter(f.severity for f in findings)
    console.print(
        f"结果：错误 {counts[Severity.ERROR]}，警告 {counts[Severity.WARNING]}，"
        f"提示 {counts[Severity.INFO]}"
    )
    for finding in shown:
        console.print()
        console.print(
            f"[{_STYLE[finding.severity]}][{finding.severity.label}][/] "
            f"{finding.code}  {finding.message}",
            soft_wrap=True,
        )
        if finding.cells:
            console.print(
                f"    单元格：{compact_cells(finding.cells)}", style="dim", soft_wrap=True
            )
        if finding.quote:
            console.print(f"    原文：“{finding.quote}”", style="dim", soft_wrap=True)


def compact_cells(cells: Sequence[str]) -> str:
    """applications.granted.natural_person … .total → applications.granted.* when a row is whole."""
    rows: dict[str, list[str]] = {}
    for cell in cells:
        row, _, column = cell.rpartition(".")
        rows.setdefault(row, []).append(column)
    shown = [
        f"{row}.*" if len(columns) >= 5 else "、".join(f"{row}.{c}" for c in columns)
        for row, columns in rows.items()
    ]
    return "、".join(shown[:6]) + ("……" if len(shown) > 6 else "")


_TEMPLATE_NAMES = {
    "2021": "2021年版（国办公开办函〔2021〕30号）",
    "2019": "2019年试行版（国办公开办函〔2019〕60号）",
}


def _check_many(args: argparse.Namespace, minimum: Severity) -> int:
    files = batch.discover(args.paths)
    if not files:
        print("没有找到可核对的报告文件（支持 .txt .md .html .docx .pdf .json）", file=sys.stderr)
        return EXIT_UNREADABLE
    jobs = args.jobs or batch.default_jobs()
    err = Console(stderr=True, highlight=False)
    show_progress = not args.no_progress and not args.json and err.is_terminal
    results: list[batch.Result] = []
    with Progress(
        TextColumn("核对中"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show_progress,
    ) as progress:
        task = progress.add_task("check", total=len(files))
        for result in batch.read_all(files, jobs):
            results.append(result)
            progress.advance(task)
    batch.check_all(results)
    summary = args.summary or "gongkai-check-summary.csv"
    try:
        batch.write_summary(results, summary)
    except OSError as exc:
        print(f"无法写入汇总文件 {summary}：{exc.strerror}", file=sys.stderr)
    if args.json:
        out = [
            {
                **r.summary(),
                "report": r.report.to_json(
                    [f for f in r.findings if f.severity.rank >= minimum.rank]
                )
                if r.report
                else None,
            }
            for r in results
        ]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    else:
        _print_summary(results)
        err.print(f"汇总已写入 {summary}")
    if any(r.report is None for r in results):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(r.count(Severity.ERROR) for r in results) else EXIT_OK


def _print_summary(results: list[batch.Result], limit: int = 50) -> None:
    console = Console(highlight=False)
    readable = [r for r in results if r.report]
    console.print(
        f"共 {len(results)} 份：可读取 {len(readable)} 份，无法读取 {len(results) - len(readable)} 份；"
        f"有错误的 {sum(1 for r in readable if r.count(Severity.ERROR))} 份"
    )
    ranked = sorted(
        results,
        key=lambda r: (
            r.report is not None,
            -r.count(Severity.ERROR),
            -r.count(Severity.WARNING),
            r.path,
        ),
    )
    _print_table(console, [r.summary() for r in ranked[:limit]], len(results))


def _print_table(console: Console, rows: Sequence[dict[str, object]], total: int) -> None:
    """The worst files first (summary rows, already ranked), and whether there are more."""
    table = Table("文件", "机关", "年度", "模板", "错误", "警告", "说明", show_lines=False)
    for row in rows:
        table.add_row(
            str(row["path"]),
            str(row["agency"]),
            str(row["year"]),
            str(row["template"]),
            str(row["errors"]),
            str(row["warnings"]),
            str(row["reason"] or row["codes"]),
        )
    console.print(table)
    if total > len(rows):
        console.print(f"（只列出问题最多的 {len(rows)} 份，完整结果见汇总文件）")


def run_queue(args: argparse.Namespace) -> int:
    """A batch for the workers: one task per file (gongkai.nationwide.services.queue)."""
    setup_django()
    from gongkai.nationwide import services

    try:
        audit = services.queue(args.queue)
    except services.NothingToQueue as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已排入第 {audit.pk} 批：{audit.file_count} 份报告（{audit.source}）")
    print("由 manage.py db_worker 核对：共享数据库和这些文件的机器，每台可运行几个")
    print(f"查看进度和结果：gongkai check --results {audit.pk} [--csv 汇总.csv]")
    return EXIT_OK


def run_results(args: argparse.Namespace, limit: int = 50) -> int:
    """A batch's progress and the worst files; the exit status of `gongkai check DIR` over the
    files done so far."""
    setup_django()
    from gongkai.nationwide import summary

    audit = summary.batch(args.results)
    if audit is None:
        print(f"没有第 {args.results} 批核对", file=sys.stderr)
        return EXIT_UNREADABLE
    done = summary.progress(audit)
    console = Console(highlight=False)
    console.print(f"第 {audit.pk} 批 · {audit.source} · {done.created:%Y-%m-%d %H:%M} 提交")
    console.print(
        f"共 {done.files} 份：已核对 {done.done} 份，待核对 {done.pending} 份；"
        f"无法读取 {done.unreadable} 份，有错误的 {done.with_errors} 份"
        f"（错误 {done.errors} 条，警告 {done.warnings} 条）"
    )
    if done.done:
        rate = f"，每秒 {done.done / done.span:.1f} 份" if done.span else ""
        console.print(
            f"{done.workers} 个进程核对，用时合计 {done.seconds:.1f} 秒"
            f"（第一份到最后一份 {done.span or 0:.0f} 秒{rate}）；最慢："
            + "、".join(f"{Path(r.path).name} {r.seconds or 0:.1f} 秒" for r in done.slowest)
        )
    _print_table(console, summary.worst(audit, limit), done.done)
    if done.pending:
        console.print(f"尚有 {done.pending} 份待核对：请确认 manage.py db_worker 正在运行")
    if args.csv:
        try:
            batch.write_rows(summary.rows(audit), args.csv)
        except OSError as exc:
            print(f"无法写入汇总文件 {args.csv}：{exc.strerror}", file=sys.stderr)
            return EXIT_UNREADABLE
        console.print(f"汇总已写入 {args.csv}（已核对的 {done.done} 份）")
    if done.unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if done.with_errors else EXIT_OK
