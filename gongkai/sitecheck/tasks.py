"""The self-check in the background (Django's Tasks API, run by `manage.py db_worker`).

`daily` prunes old runs, checks every active agency, queues a search-index rebuild when the index
is empty or stale (search.health), and then queues itself for the next day at SITECHECK_DAILY_AT
(local time), whatever happened to the checks, so one `schedule()` keeps it going; `schedule()`
is idempotent (`gongkai sitecheck schedule`, and `make run` calls it).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from gongkai.orgs.models import Agency
from gongkai.search import health as search_health
from gongkai.sitecheck import services
from gongkai.sitecheck.models import Run


@task()
def run_check(run_id: int) -> str:
    run = Run.objects.select_related("agency").get(pk=run_id)
    if run.status != Run.QUEUED:
        return run.status  # already taken (a retried task)
    return services.execute(run).status


@task()
def daily() -> int:
    checked = 0
    try:
        services.prune(timezone.localdate())
        for agency in Agency.objects.active():
            services.queue(agency, Run.DAILY)
            checked += 1
        search_health.rebuild_if_needed()
    finally:
        schedule(force=True)
    return checked


def next_daily(now: datetime | None = None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in settings.SITECHECK_DAILY_AT.split(":"))
    at = timezone.make_aware(datetime.combine(now.date(), time(hour, minute)))
    return at if at > now else at + timedelta(days=1)


def schedule(force: bool = False) -> datetime | None:
    """Queue the next daily check unless one is already waiting; the time it will run. Only
    a backend that can defer keeps a schedule (the immediate one of the tests cannot)."""
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
