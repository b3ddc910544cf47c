"""`gongkai deadline` and `gongkai calendar`: working days from chinese-calendar's data, then
the prediction from the rules; with `--database` from the notices loaded into the platform first
(the only time these commands set Django up)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from gongkai.applications import deadlines
from gongkai.applications.channels import CHANNELS
from gongkai.calendar import sources
from gongkai.calendar.predict import predict
from gongkai.calendar.workdays import WEEKDAY_NAMES, Arrangement, WorkCalendar
from gongkai.cli.common import EXIT_OK, EXIT_UNREADABLE, setup_django
from gongkai.reports.parse import UnreadableDocument


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UnreadableDocument(f"{what}“{value}”不是有效日期，应写作 2025-09-26") from None


def run_deadline(args: argparse.Namespace) -> int:
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
    setup_django()  # only here: the calendar commands otherwise run without Django
    from gongkai.calendar.services import loaded

    return loaded()


def _work_calendar(from_database: bool) -> WorkCalendar:
    return sources.calendar(_loaded_notices() if from_database else None)


def run_calendar(args: argparse.Namespace) -> int:
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
