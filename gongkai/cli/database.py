"""The commands that work on the platform's database: `reindex`, `backup`, `restore`, `report
export` and `sitecheck`. Each sets Django up itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gongkai.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, setup_django
from gongkai.core.findings import Severity
from gongkai.reports.checks import run_checks
from gongkai.reports.render import render


def run_reindex() -> int:
    setup_django()
    from django.core.management import call_command

    call_command("reindex")
    return EXIT_OK


def run_backup_or_restore(args: argparse.Namespace) -> int:
    """Exit 0 done; 2 refused or failed, with the reason in one Chinese line and nothing half
    restored (see gongkai.backup)."""
    setup_django()
    from gongkai import backup

    def say(line: str) -> None:  # progress on stdout: stderr holds only the one error line
        print(line, flush=True)

    try:
        if args.command == "backup":  # quiet but for the result, for cron
            path, manifest = backup.create_backup(Path(args.out))
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


def run_report_export(args: argparse.Namespace) -> int:
    """The report built from the platform's records, checked, in the chosen format."""
    setup_django()
    from gongkai.annual import collect
    from gongkai.orgs.models import Agency

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


def run_sitecheck(args: argparse.Namespace) -> int:
    """Runs the check here and now (not through the task queue), or keeps the daily schedule."""
    setup_django()
    from django.utils import timezone

    from gongkai.orgs.models import Agency
    from gongkai.sitecheck import services, tasks

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
        run = services.run_now(agency, crawl=not args.no_crawl, base_url=args.base_url)
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
