"""The `gongkai` command. `check`, `render`, `deadline` and `calendar` run without Django (no
settings, no database): working days come from the chinese-calendar package's data, then the
prediction from the rules; with `--database` from the notices loaded into the platform first.

Exit status of `check`: 0 no error finding, 1 at least one error finding, 2 a file could not
be read (the reason is printed in one Chinese line, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from gongkai.applications import deadlines
from gongkai.applications.channels import CHANNELS
from gongkai.calendar import sources
from gongkai.calendar.predict import predict
from gongkai.calendar.workdays import WEEKDAY_NAMES, Arrangement, WorkCalendar
from gongkai.core.findings import Finding, Severity
from gongkai.reports import batch
from gongkai.reports.checks import run_checks
from gongkai.reports.parse import UnreadableDocument
from gongkai.reports.render import FORMATS, render
from gongkai.reports.safe import check_file, parse_file
from gongkai.reports.tables import ReportData

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"gongkai: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="政府信息公开工作年度报告：读取、核对、重新排版")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="核对年度报告（文件或目录）")
    check.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    check.add_argument("--previous", metavar="FILE", help="同一机关上一年度的报告，用于跨年度核对")
    check.add_argument("--json", action="store_true", help="输出 gongkai.report/1 JSON")
    check.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity],
        default="info",
        help="只显示不低于该级别的发现（默认 info）",
    )
    check.add_argument(
        "--summary",
        metavar="FILE",
        help="批量核对时的汇总文件（.csv 或 .json，默认 gongkai-check-summary.csv）",
    )
    check.add_argument("--jobs", type=int, default=0, help="并行进程数（默认：CPU 核数）")
    check.add_argument("--no-progress", action="store_true", help="不显示进度条")

    render_cmd = commands.add_parser("render", help="按标准模板重新输出报告")
    render_cmd.add_argument("file", metavar="FILE")
    render_cmd.add_argument("--to", required=True, choices=list(FORMATS), dest="fmt")
    render_cmd.add_argument("-o", "--output", required=True, metavar="OUT")
    deadline = commands.add_parser("deadline", help="计算依申请公开的补正告知期限和答复期限")
    deadline.add_argument("received_on", metavar="RECEIVED_ON", help="收到申请日期，如 2025-09-26")
    deadline.add_argument(
        "--channel", choices=list(CHANNELS), help="申请渠道（决定哪一天算作收到申请之日）"
    )
    deadline.add_argument("--correction-requested", metavar="D", help="告知补正的日期")
    deadline.add_argument("--corrected", metavar="D", help="收到补正材料的日期")
    deadline.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="START:END",
        help="暂停计算的区间（征求意见、收费），可重复；END 留空表示仍在暂停",
    )
    deadline.add_argument(
        "--extend", type=int, default=0, metavar="N", help="批准延长的工作日数（≤20）"
    )
    deadline.add_argument(
        "--today", metavar="D", help="今天（计算仍在进行的暂停时用），默认取系统日期"
    )
    deadline.add_argument("--json", action="store_true", help="输出 JSON")
    deadline.add_argument(
        "--database",
        action="store_true",
        help="先用平台数据库中已载入的通知（默认：chinese-calendar 数据，其后按规则预测）",
    )
    calendar = commands.add_parser("calendar", help="节假日与调休安排：现行安排及来源，或预测")
    calendar_commands = calendar.add_subparsers(dest="calendar_command", required=True)
    show = calendar_commands.add_parser("show", help="某年度现行的安排及其来源")
    predict_cmd = calendar_commands.add_parser("predict", help="只按规则预测某年度的安排")
    for sub in (show, predict_cmd):
        sub.add_argument("year", type=int, metavar="YEAR", help="年度，如 2027")
        sub.add_argument("--json", action="store_true", help="输出 JSON")
    show.add_argument("--database", action="store_true", help="先用平台数据库中已载入的通知")
    commands.add_parser("reindex", help="重建全文检索索引（需要平台数据库）")
    backup = commands.add_parser("backup", help="备份数据库和上传的文件（需要平台数据库）")
    backup.add_argument("out", metavar="OUT", help="备份文件（.tar），或目录（在其中按时间命名）")
    restore = commands.add_parser("restore", help="把备份恢复到空的平台，并重建检索索引")
    restore.add_argument("archive", metavar="IN", help="gongkai backup 写出的备份文件")
    restore.add_argument("--check", action="store_true", help="只校验备份文件，不做任何改动")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="平台已有数据时仍然恢复：替换整个数据库，原有上传文件移到上传目录内的一旁保留",
    )
    report = commands.add_parser("report", help="平台内的年度报告（需要平台数据库）")
    report_commands = report.add_subparsers(dest="report_command", required=True)
    export = report_commands.add_parser("export", help="按平台记录生成某机关某年度的年度报告")
    export.add_argument(
        "--agency", required=True, metavar="CODE", help="机关代码，如 luoyang-gaoxin"
    )
    export.add_argument("--year", required=True, type=int, metavar="YEAR", help="报告年度")
    export.add_argument("--format", choices=list(FORMATS), default="json", dest="fmt")
    export.add_argument("-o", "--output", metavar="OUT", help="输出文件；不指定时输出到标准输出")
    sitecheck = commands.add_parser("sitecheck", help="政府信息公开平台网站自查（需要平台数据库）")
    site_commands = sitecheck.add_subparsers(dest="site_command", required=True)
    site_run = site_commands.add_parser("run", help="立即检查一个或所有机关，打印发现的问题")
    chosen = site_run.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--agency", metavar="CODE", help="机关代码，如 luoyang-gaoxin")
    chosen.add_argument("--all", action="store_true", help="所有机关")
    site_run.add_argument("--no-crawl", action="store_true", help="不访问页面检查链接")
    site_run.add_argument("--base-url", metavar="URL", help="平台地址（默认 SITECHECK_BASE_URL）")
    site_commands.add_parser("schedule", help="安排每日自动检查（由 db_worker 执行；可重复运行）")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "render":
            return _render(args)
        if args.command == "deadline":
            return _deadline(args)
        if args.command == "calendar":
            return _calendar(args)
        if args.command == "reindex":
            return _reindex()
        if args.command in ("backup", "restore"):
            return _backup_or_restore(args)
        if args.command == "report":
            return _report_export(args)
        if args.command == "sitecheck":
            return _sitecheck(args)
        return _check(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


def _reindex() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("reindex")
    return EXIT_OK


def _backup_or_restore(args: argparse.Namespace) -> int:
    """Exit 0 done; 2 refused or failed, with the reason in one Chinese line and nothing half
    restored (see gongkai.backup)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from gongkai import backup

    def say(line: str) -> None:  # progress on stdout: stderr holds only the one error line
        print(line, flush=True)

    try:
        if args.command == "backup":  # quiet but for the result, for cron
            path, manifest = backup.create(Path(args.out))
            print(f"已写入 {path}（{manifest.summary()}）")
            for name in manifest.missing_files[:5]:
                print(f"注意：数据库引用的文件不在上传目录中：{name}", file=sys.stderr)
        elif args.check:
            manifest = backup.verify(Path(args.archive))
            print(f"校验通过：{manifest.created_at} 的备份，{manifest.summary()}")
        else:
            done = backup.restore(Path(args.archive), replace=args.replace, say=say)
            print(
                f"恢复完成：{done.manifest.created_at} 的备份，{done.manifest.summary()}；"
                f"检索索引已重建（{done.indexed} 条已发布信息）"
            )
            if done.set_aside:
                print(f"原有上传文件已移到 {done.set_aside}，核对无误后可删除")
    except backup.BackupError as exc:
        print(f"gongkai {args.command}：{' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def _report_export(args: argparse.Namespace) -> int:
    """The report built from the platform's records, checked, in the chosen format."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from gongkai.orgs.models import Agency
    from gongkai.reports import collect

    agency = Agency.objects.filter(slug=args.agency).first()
    if agency is None:
        print(f"没有机关代码为 {args.agency} 的机关", file=sys.stderr)
        return EXIT_UNREADABLE
    if not 2008 <= args.year <= 2100:
        print(f"年度 {args.year} 不在 2008 至 2100 之间", file=sys.stderr)
        return EXIT_UNREADABLE
    report = collect.build(agency, args.year)
    findings = run_checks(report)
    content = render(report, args.fmt, findings)
    if args.output:
        try:
            Path(args.output).write_bytes(content)
        except OSError as exc:
            print(f"无法写入 {args.output}：{exc.strerror}", file=sys.stderr)
            return EXIT_UNREADABLE
        print(f"已写入 {args.output}", file=sys.stderr)
    elif args.fmt in ("docx", "pdf", "xlsx") and sys.stdout.isatty():
        print(f"{args.fmt.upper()} 是二进制文件，请用 -o 指定输出文件", file=sys.stderr)
        return EXIT_UNREADABLE
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return EXIT_ERRORS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _sitecheck(args: argparse.Namespace) -> int:
    """Runs the check here and now (not through the task queue), or keeps the daily schedule."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.utils import timezone

    from gongkai.orgs.models import Agency
    from gongkai.sitecheck import services, tasks
    from gongkai.sitecheck.models import Run

    if args.site_command == "schedule":
        at = tasks.schedule()
        print(f"下次检查：{timezone.localtime(at):%Y-%m-%d %H:%M}" if at else "已安排，无需重复")
        return EXIT_OK
    agencies = Agency.objects.active()
    if not args.all:
        agencies = agencies.filter(slug=args.agency)
        if not agencies.exists():
            print(f"没有机关代码为 {args.agency} 的机关", file=sys.stderr)
            return EXIT_UNREADABLE
    worst = EXIT_OK
    for agency in agencies:
        run = Run.objects.create(
            agency=agency, trigger=Run.MANUAL, crawl=not args.no_crawl,
            checked_on=timezone.localdate(),
        )  # fmt: skip
        services.execute(run, base_url=args.base_url)
        counts = run.stats["counts"]
        print(f"{agency.name}：单项否决{counts['veto']}项，问题{counts['error']}项，"
              f"提示{counts['warning']}项")  # fmt: skip
        for finding in run.findings.order_by("pk"):
            print(f"  [{finding.severity_label}] {finding.indicator_label}：{finding.message}")
        if run.crawl:
            print(f"  访问页面{run.stats['crawl_pages']}个，每秒{run.stats['crawl_pages_per_s']}个")
        if counts["veto"] or counts["error"]:
            worst = EXIT_ERRORS
    return worst


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


def _render(args: argparse.Namespace) -> int:
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


def _check(args: argparse.Namespace) -> int:
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


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UnreadableDocument(f"{what}“{value}”不是有效日期，应写作 2025-09-26") from None


def _deadline(args: argparse.Namespace) -> int:
    try:
        received = _date(args.received_on, "收到申请日期")
        requested = (
            _date(args.correction_requested, "告知补正日期") if args.correction_requested else None
        )
        corrected = _date(args.corrected, "收到补正日期") if args.corrected else None
        today = _date(args.today, "今天") if args.today else _today()
        if corrected and not requested:
            raise UnreadableDocument("有 --corrected 时须同时给出 --correction-requested")
        if (requested and requested < received) or (
            corrected and requested and corrected < requested
        ):
            raise UnreadableDocument("日期顺序不对：收到申请 ≤ 告知补正 ≤ 收到补正")
        if not 0 <= args.extend <= deadlines.EXTENSION_MAX:
            raise UnreadableDocument("延长期限最长不得超过20个工作日（条例第三十三条）")
        pauses = []
        for value in args.pause:
            start, _, end = value.partition(":")
            pause = deadlines.Pause(
                "pause", _date(start, "暂停开始日期"), _date(end, "暂停结束日期") if end else None
            )
            if pause.end and pause.end < pause.start:
                raise UnreadableDocument(f"暂停区间 {value} 的结束日期早于开始日期")
            pauses.append(pause)
    except UnreadableDocument as exc:
        print(f"gongkai deadline：{exc.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    clock = deadlines.Clock(received, requested, corrected, tuple(pauses), args.extend)
    result = deadlines.compute(clock, _work_calendar(args.database), today)
    if args.json:
        out = result.to_json()
        if args.channel:
            out["channel_rule"] = CHANNELS[args.channel][1]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        if args.channel:
            print(f"收到申请之日：{CHANNELS[args.channel][1]}")
        for step in result.steps:
            print(step)
        used = "；".join(
            f"{year}年：{source.label}" for year, source in sorted(result.calendar.items())
        )
        if used:
            print(f"节假日安排：{used}")
        print(
            f"correction_notice_due={result.correction_notice_due.isoformat()} "
            f"reply_due={result.reply_due.isoformat() if result.reply_due else '待补正'} "
            f"paused_workdays={result.paused_workdays}" + (" predicted" if result.predicted else "")
        )
    if result.warning:
        print(f"警告：{result.warning}", file=sys.stderr)
    return EXIT_OK


def _today() -> date:
    """Today in China (the 条例's days are Beijing dates, whatever the machine's zone)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _loaded_notices() -> dict[int, Arrangement]:
    import django  # only here: every other command runs without Django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from gongkai.calendar.services import loaded

    return loaded()


def _work_calendar(from_database: bool) -> WorkCalendar:
    return sources.calendar(_loaded_notices() if from_database else None)


def _calendar(args: argparse.Namespace) -> int:
    if not sources.FIRST_YEAR <= args.year <= sources.LAST_YEAR:
        print(
            f"gongkai calendar：年度应在{sources.FIRST_YEAR}至{sources.LAST_YEAR}年之间",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if args.calendar_command == "predict":
        arrangement: Arrangement | None = predict(args.year)
        if args.year < sources.PREDICTED_FROM:
            print(
                f"注意：预测按{sources.PREDICTED_FROM}年起施行的放假办法和调休原则，"
                f"{args.year}年实际适用的是此前的规定",
                file=sys.stderr,
            )
    else:
        arrangement = sources.arrangement(args.year, _loaded_notices() if args.database else None)
    assert arrangement is not None  # every year in range has one
    if args.json:
        print(json.dumps(arrangement.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{args.year}年节假日安排 · 来源：{arrangement.source.label}")
    if arrangement.basis:
        print(f"依据：{arrangement.basis}")
    for period in arrangement.periods():
        span = _md(period.first) + (f"至{_md(period.last)}" if period.days > 1 else "")
        print(f"  {period.name}：{span}，共{period.days}天")
    makeup = "、".join(_md(day) for day in arrangement.makeup_days()) or "无"
    print(f"  调休上班：{makeup}")
    return EXIT_OK


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日（{WEEKDAY_NAMES[day.weekday()]}）"


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
    table = Table("文件", "机关", "年度", "模板", "错误", "警告", "说明", show_lines=False)
    for result in ranked[:limit]:
        row = result.summary()
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
    if len(results) > limit:
        console.print(f"（只列出问题最多的 {limit} 份，完整结果见汇总文件）")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
