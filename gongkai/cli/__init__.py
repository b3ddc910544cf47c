"""The `gongkai` command. `check`, `render`, `deadline` and `calendar` run without Django (no
settings, no database): working days come from the chinese-calendar package's data, then the
prediction from the rules; with `--database` from the notices loaded into the platform first.

Exit status of `check`: 0 no error finding, 1 at least one error finding, 2 a file could not
be read (the reason is printed in one Chinese line, never a traceback). `check --queue DIR` and
`check --results BATCH` (the national audit, run by `manage.py db_worker`s) need the platform's
database and set Django up themselves.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gongkai.applications.channels import CHANNELS
from gongkai.cli import calendar, database, reports
from gongkai.cli.common import EXIT_UNREADABLE
from gongkai.core.findings import Severity
from gongkai.reports.render import FORMATS

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"gongkai: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="政府信息公开工作年度报告：读取、核对、重新排版")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="核对年度报告（文件或目录）")
    check.add_argument("paths", nargs="*", metavar="FILE_OR_DIR")
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
    queued = check.add_argument_group(
        "大批量核对", "交给 manage.py db_worker 进程核对，进程可分布在共享数据库和文件的多台机器上"
    )
    queued_modes = queued.add_mutually_exclusive_group()
    queued_modes.add_argument("--queue", metavar="DIR", help="把目录中的报告文件排入核对队列")
    queued_modes.add_argument("--results", type=int, metavar="BATCH", help="某批次的进度和结果")
    queued.add_argument(
        "--csv", metavar="FILE", help="与 --results 同用：写出汇总文件（列与批量核对的汇总相同）"
    )

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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        _check_arguments(parser, args)
    try:
        if args.command == "render":
            return reports.run_render(args)
        if args.command == "deadline":
            return calendar.run_deadline(args)
        if args.command == "calendar":
            return calendar.run_calendar(args)
        if args.command == "reindex":
            return database.run_reindex()
        if args.command in ("backup", "restore"):
            return database.run_backup_or_restore(args)
        if args.command == "report":
            return database.run_report_export(args)
        if args.command == "sitecheck":
            return database.run_sitecheck(args)
        if args.queue:
            return reports.run_queue(args)
        if args.results is not None:
            return reports.run_results(args)
        return reports.run_check(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


def _check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    queued = bool(args.queue) or args.results is not None
    if queued and args.paths:
        parser.error("--queue、--results 不能与要核对的文件或目录同用")
    if not queued and not args.paths:
        parser.error("请指定要核对的文件或目录（或 --queue DIR、--results BATCH）")
    if args.csv and args.results is None:
        parser.error("--csv 只与 --results 同用")
