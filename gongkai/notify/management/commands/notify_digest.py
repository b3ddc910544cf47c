"""manage.py notify_digest: the staff's digest of near-due cases now, after retrying unsent
messages; --schedule queues the daily run (NOTIFY_DIGEST_AT) instead, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.notify import services, tasks


class Command(BaseCommand):
    help = "发送临期案件提醒（并重试未发出的通知）；--schedule 安排每日自动发送"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--schedule", action="store_true", help="安排每日自动发送")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            at = tasks.schedule()
            self.stdout.write(
                f"已安排每日提醒，下次 {timezone.localtime(at):%Y-%m-%d %H:%M}"
                if at
                else "每日提醒已在队列中（或任务后端不支持定时）"
            )
            return
        retried = services.retry_due()
        sent = services.send_digest(timezone.localdate())
        self.stdout.write(f"重试通知 {len(retried)} 条；发出临期提醒 {len(sent)} 封")
