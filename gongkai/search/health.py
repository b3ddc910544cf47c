"""Whether the search index can be trusted, and putting it right.

An index that is empty while items are published (a restore without the index, a new disk),
that holds more or fewer items than are published (a sync that failed and was only logged),
or that was built with an older dictionary answers searches wrongly without any error. So its
state is reported — `/healthz/search` for monitoring, a banner for staff, a notice on the
public search page in place of "0 results" — and the daily task (sitecheck.tasks.daily) queues
a rebuild when it is not right. A page view never starts one.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django_tasks import task

from gongkai.publishing import workflow
from gongkai.publishing.models import Publication
from gongkai.search import services

log = logging.getLogger(__name__)

OK, EMPTY, STALE, REBUILDING, BROKEN = "ok", "empty", "stale", "rebuilding", "broken"
CACHE_SECONDS = 30  # pages read it from the cache; /healthz/search always looks


@dataclass(frozen=True)
class Health:
    state: str
    indexed: int  # items in the index
    published: int  # items published (a scheduled one too: it is indexed, and hidden till then)
    current_dictionary: bool

    @property
    def ok(self) -> bool:
        return self.state == OK

    @property
    def message(self) -> str:
        """What a member of staff is told (Chinese)."""
        counts = f"已索引 {self.indexed} 条，应有 {self.published} 条"
        return {
            OK: f"全文检索索引正常（{counts}）",
            EMPTY: f"全文检索索引为空（{counts}），检索暂时找不到任何信息；每日任务将自动重建，"
            "也可由系统管理员运行重建索引命令立即重建",
            STALE: f"全文检索索引与已发布信息不一致（{counts}"
            f"{'' if self.current_dictionary else '，且使用旧版词典建立'}），检索结果可能不完整；"
            "每日任务将自动重建，也可由系统管理员运行重建索引命令立即重建",
            REBUILDING: f"全文检索索引正在重建（{counts}），检索结果暂时不完整",
            BROKEN: "全文检索索引无法读取，检索暂时不可用；请系统管理员运行重建索引命令重建",
        }[self.state]

    @property
    def public_message(self) -> str:
        """What a reader of the search page is told instead of a misleading "0 results"."""
        if self.state == BROKEN:
            return "站内检索暂时不可用，正在修复，请稍后再试。"
        return "站内检索的索引正在重建，结果可能不完整：没有找到不代表没有相关信息，请稍后再试。"

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "ok": self.ok, "message": self.message}


def check() -> Health:
    """The index's state now: counts from the index and the database, and whether a rebuild
    is already waiting or running."""
    published = Publication.objects.filter(
        status=workflow.PUBLISHED, published_at__isnull=False
    ).count()
    try:
        engine = services.engine()
        indexed = engine.count()
        current = engine.current_dictionary()
    except Exception:  # a damaged index directory, a missing table: say so, do not fail the page
        log.exception("the search index cannot be read")
        return Health(BROKEN, 0, published, False)
    if _rebuild_pending():
        state = REBUILDING
    elif published and not indexed:
        state = EMPTY
    elif indexed != published or not current:
        state = STALE
    else:
        state = OK
    return Health(state, indexed, published, current)


def current() -> Health:
    """`check()`, kept for CACHE_SECONDS per version of the index (for pages: the banner and the
    search page): an index emptied, rebuilt or written to is looked at again at once."""
    key = _cache_key()
    found = cache.get(key) if key else None
    if isinstance(found, Health):
        return found
    found = check()
    if key:
        cache.set(key, found, CACHE_SECONDS)
    return found


def rebuild_if_needed() -> Health:
    """Called by the daily task: queue a rebuild when the index is empty, stale or unreadable
    and none is waiting. Returns the state found."""
    found = check()
    if found.state in (EMPTY, STALE, BROKEN):
        log.warning("search index %s (%s): rebuild queued", found.state, found.message)
        rebuild.enqueue()
        _forget()
    return found


@task()
def rebuild() -> int:
    """The whole index again (in the task worker, `manage.py db_worker`)."""
    try:
        return services.rebuild()
    finally:
        _forget()


def _cache_key() -> str:
    try:
        return "search:health:" + hashlib.sha1(services.version().encode()).hexdigest()
    except Exception:  # an unreadable index: check() says so, uncached
        return ""


def _forget() -> None:
    key = _cache_key()
    if key:
        cache.delete(key)


def _rebuild_pending() -> bool:
    if not rebuild.get_backend().supports_defer:
        return False  # the immediate backend of the tests runs a task as it is queued
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=rebuild.module_path, status__in=("READY", "RUNNING")
    ).exists()
