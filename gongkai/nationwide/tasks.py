"""The task `manage.py db_worker` runs for each file of a batch (services.queue enqueues it)."""

from __future__ import annotations

from django_tasks import task

from gongkai.nationwide import services


@task()
def check_file(batch_id: int, path: str) -> str:
    result = services.check(batch_id, path)
    return result.status if result is not None else "deleted"
