"""What `manage.py check` refuses in settings that cannot work for the installation they describe:
several web nodes (WEB_NODES > 1) share the page cache and its content version, rate limits and
sessions only through a shared cache (Redis: REDIS_URL), and a search index only in the database
(SEARCH_BACKEND=postgres: tantivy's files live on one machine's disk, and a node that did not
write a change would go on serving the old index); a read replica needs both databases on
PostgreSQL and the search engine in them (core.replicas: the page cache's version is read from
the replica the page is read from)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)
POSTGRES = "django.db.backends.postgresql"


@register("deployment")
def several_nodes(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    found: list[Error] = []
    nodes = getattr(settings, "WEB_NODES", 1)
    if nodes > 1:
        cache = settings.CACHES["default"]["BACKEND"]
        if cache in PER_PROCESS_CACHES:
            found.append(
                Error(
                    f"WEB_NODES={nodes}，但缓存是每个进程各自的（{cache.rsplit('.', 1)[-1]}）："
                    "各节点的页面缓存、内容版本、访问频率限制互不相通。",
                    hint="设置 REDIS_URL，使用各节点共用的 Redis。",
                    id="gongkai.E001",
                )
            )
        if settings.SEARCH_BACKEND != "postgres":
            found.append(
                Error(
                    f"WEB_NODES={nodes}，但全文检索使用 tantivy：索引文件在一台机器的磁盘上，"
                    "其他节点看不到新发布或撤回的信息。",
                    hint="设置 SEARCH_BACKEND=postgres：索引存在数据库中，所有节点共用（见 docs/operations.md）。",
                    id="gongkai.E002",
                )
            )
        if settings.SESSION_ENGINE.endswith((".cache", ".file")) and cache in PER_PROCESS_CACHES:
            found.append(
                Error(
                    "会话保存在单个节点上，登录后换一个节点就会退出。",
                    hint="使用数据库会话（默认）或共用的 Redis 缓存。",
                    id="gongkai.E003",
                )
            )
    if "replica" in settings.DATABASES:
        engines = {settings.DATABASES[a]["ENGINE"] for a in ("default", "replica")}
        if engines != {POSTGRES}:
            found.append(
                Error(
                    "只读副本（DATABASE_REPLICA_URL）需要主库和副本都是 PostgreSQL 流复制。",
                    id="gongkai.E004",
                )
            )
        if settings.SEARCH_BACKEND != "postgres":
            found.append(
                Error(
                    "使用只读副本时，全文检索须为 SEARCH_BACKEND=postgres：页面缓存的内容版本"
                    "须从读取页面的同一数据库读出，副本延迟才不会把已撤回的信息存进缓存。",
                    id="gongkai.E005",
                )
            )
    return found
