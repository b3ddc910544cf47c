"""Demo data for `make run`: agencies, one staff account per role, and cases. Idempotent;
refuses in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.demo import loading as demo


class Command(BaseCommand):
    help = "加载演示数据（仅用于开发环境）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="在 DEBUG=False 时也执行")
        parser.add_argument("--reset-passwords", action="store_true", help="为演示账号重新生成密码")
        parser.add_argument(
            "--without-2021",
            action="store_true",
            help="不加载2021年的样本数据（2912条信息、38件申请和2021年度报告），加载更快",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("演示数据只用于开发环境（DEBUG=True）；确需加载请加 --force")
        lines = demo.load(
            reset_passwords=options["reset_passwords"], history=not options["without_2021"]
        )
        if lines:
            self.stdout.write(
                "演示账号（密码只显示这一次，请登录后立即修改；忘记时用 --reset-passwords 重新生成）："
            )
            for line in lines:
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write(
                "演示数据已存在；如需重新生成演示账号密码，请运行 manage.py load_demo --reset-passwords"
            )
