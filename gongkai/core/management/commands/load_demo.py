"""Demo data for `make run`: a staff account to sign in with. Idempotent; refuses in production."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "加载演示数据（仅用于开发环境）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="在 DEBUG=False 时也执行")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("演示数据只用于开发环境（DEBUG=True）；确需加载请加 --force")
        users = get_user_model()
        if users.objects.filter(username="admin").exists():
            self.stdout.write("演示账号 admin 已存在，未修改其密码。")
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser("admin", "admin@example.invalid", password)
        self.stdout.write(f"已创建演示管理员账号：admin / {password}（请记下，仅显示这一次）")
