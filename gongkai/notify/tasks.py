"""Sending in the background (Django's Tasks API, run by `manage.py db_worker`; the tests use the
immediate backend, so a message is sent where it is queued).

`deliver` makes one attempt; a failed one is queued again for its next attempt's time (backoff,
services.FIRST_RETRY × 5ⁿ) where the backend can defer. `daily` retries what is due (a worker
that was down, a backend that cannot defer), sends the staff's digest, and queues itself for the
next day at NOTIFY_DIGEST_AT; `schedule()` is idempotent (`manage.py notify_digest --schedule`).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from gongkai.notify import services
from gongkai.notify.models import Message, Status


def send(message: Message) -> None:
    """Hand a queued message to the worker; if the queue itself fails, the daily retry finds
    the message still queued."""
    try:
        deliver.enqueue(message.pk)
    except Exception:
        services.log.exception("通知 %s 未能排入发送队列", message.pk)


@task()
def deliver(message_id: int) -> str:
    message = services.deliver(message_id)
    if (
        message.status == Status.FAILED
        and message.next_attempt_at is not None
        and deliver.get_backend().supports_defer
    ):
        deliver.using(run_after=message.next_attempt_at).enqueue(message_id)
    return str(message.status)


@task()
def retry() -> int:
    return len(services.retry_due())


@task()
def daily() -> int:
    try:
        services.retry_due()
        return len(services.send_digest(timezone.localdate()))
    finally:
        schedule(force=True)


def next_daily(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in settings.NOTIFY_DIGEST_AT.split(":"))
    at = timezone.make_aware(datetime.combine(now.date(), time(hour, minute)))
    return at if at > now else at + timedelta(days=1)


def schedule(force: bool = False) -> datetime | None:
    """Queue the next daily digest unless one is already waiting; the time it will run. Only a
    backend that can defer keeps a schedule (the immediate one of the tests cannot)."""
    from django_tasks_db.models import DBTaskResult

    if not daily.get_backend().supports_defer:
        return None
    waiting = DBTaskResult.objects.filter(task_path=daily.module_path, status="READY")
    if waiting.exists() and not force:
        return None
    if force:
        waiting.delete()  # the one running now has left READY: only strays remain
    at = next_daily()
    daily.using(run_after=at).enqueue()
    return at
