from typing import Any

from django.core.management.base import BaseCommand
from rich.progress import Progress

from gongkai.search import services


class Command(BaseCommand):
    help = "重建全文检索索引（所有已发布的信息）"

    def handle(self, *args: Any, **options: Any) -> None:
        with Progress(transient=False) as progress:
            task = progress.add_task("重建索引", total=None)

            def step(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            total = services.rebuild(step)
        self.stdout.write(f"已索引 {total} 条已发布信息（{services.engine().name}）")
