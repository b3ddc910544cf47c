"""The read replica's router (gongkai/core/replicas.py): which alias every read and write of a
request went to (the "replica" alias is the primary's own connection here, so that it sees the
test's transaction; the failover drill runs a real streaming replica). A public GET reads the replica;
a staff request, every write, and the pages that follow a write read the primary; a staff
member who publishes sees the change on the next page. And the deployment checks refuse what
cannot work on several nodes or with a replica."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.checks import run_checks
from django.db import connections
from django.test import Client
from django.urls import reverse

from gongkai.core import replicas
from gongkai.publishing import services
from gongkai.publishing.models import Column, Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(settings: Any, monkeypatch: Any) -> Iterator[list[tuple[str, str]]]:
    """Reads from the replica turned on; yields the (read|write, alias) the router gave."""
    settings.REPLICA_READS = True
    # The mirror on the primary's own connection, so that it sees the test's transaction.
    mirror = connections[replicas.REPLICA]
    connections[replicas.REPLICA] = connections[replicas.PRIMARY]
    asked: list[tuple[str, str]] = []
    router = replicas.Router
    read, write = router.db_for_read, router.db_for_write
    monkeypatch.setattr(
        router, "db_for_read", lambda s, m, **h: _note(asked, "read", read(s, m, **h))
    )
    monkeypatch.setattr(router, "db_for_write", lambda s, m, **h: _note(asked, "write", write(s, m, **h)))  # fmt: skip
    yield asked
    connections[replicas.REPLICA] = mirror


def _note(asked: list[tuple[str, str]], kind: str, alias: str) -> str:
    asked.append((kind, alias))
    return alias


def _aliases(asked: list[tuple[str, str]], kind: str) -> set[str]:
    return {alias for k, alias in asked if k == kind}


def _published(office: Any, title: str = "关于公布年度报告的通知") -> Publication:
    column = Column.objects.get(agency=office.agency, slug="tzgg")
    draft = services.Draft(column=column, title=title, publisher=office.agency.name,
                           written_on="2026-03-02")  # fmt: skip
    item = services.save_draft(office.editor, draft)
    item = services.submit(office.editor, item, item.version)
    item = services.approve(office.reviewer, item, item.version, "同意公开")
    return services.publish(office.editor, item, item.version)


def test_a_public_get_reads_the_replica(office: Any, routed: list[tuple[str, str]]) -> None:
    item = _published(office)
    routed.clear()
    for url in ("/", reverse("portal:item", args=[item.pk]), reverse("api:item", args=[item.pk])):
        assert Client().get(url).status_code == 200
        assert _aliases(routed, "read") == {replicas.REPLICA}, url
        routed.clear()


def test_staff_requests_and_writes_use_the_primary(
    office: Any, routed: list[tuple[str, str]]
) -> None:
    staff = Client()
    staff.force_login(office.editor)
    assert staff.get(reverse("office:publications")).status_code == 200
    assert staff.get("/").status_code == 200  # a public page, seen by someone signed in
    assert _aliases(routed, "read") == {replicas.PRIMARY}
    routed.clear()
    anonymous = Client()
    answer = anonymous.post(reverse("api:check"), {"text": "不是年度报告"})
    assert answer.status_code in (200, 422)
    assert replicas.REPLICA not in _aliases(routed, "read") | _aliases(routed, "write")
    # The page after a write reads the primary too (read-your-writes), for a while.
    assert answer.cookies[replicas.READ_PRIMARY_COOKIE]["max-age"] == replicas.READ_PRIMARY_SECONDS
    routed.clear()
    assert anonymous.get("/").status_code == 200
    assert _aliases(routed, "read") == {replicas.PRIMARY}


def test_a_staff_member_who_publishes_sees_it_on_the_next_page(
    office: Any, routed: list[tuple[str, str]]
) -> None:
    column = Column.objects.get(agency=office.agency, slug="tzgg")
    draft = services.save_draft(office.editor, services.Draft(
        column=column, title="新发布的通知", publisher=office.agency.name, written_on="2026-03-02"))  # fmt: skip
    draft = services.submit(office.editor, draft, draft.version)
    draft = services.approve(office.reviewer, draft, draft.version, "同意公开")
    editor = Client()
    editor.force_login(office.editor)
    routed.clear()
    page = editor.post(
        reverse("office:publication_act", args=[draft.pk, "publish"]),
        {"version": draft.version},
        follow=True,
    )
    assert page.status_code == 200 and "已发布" in page.content.decode()
    public = editor.get(reverse("portal:item", args=[draft.pk]))
    assert public.status_code == 200 and "新发布的通知" in public.content.decode()
    assert _aliases(routed, "read") == {replicas.PRIMARY}
    assert _aliases(routed, "write") == {replicas.PRIMARY}


def test_migrations_only_on_the_primary() -> None:
    router = replicas.Router()
    assert router.allow_migrate(replicas.PRIMARY, "publishing")
    assert not router.allow_migrate(replicas.REPLICA, "publishing")


def _errors(settings: Any) -> set[str]:
    return {m.id for m in run_checks(tags=["deployment"]) if m.id and m.id.startswith("gongkai.")}


def test_settings_that_cannot_work_on_several_nodes_are_refused(settings: Any) -> None:
    settings.SEARCH_BACKEND = "tantivy"
    settings.WEB_NODES = 1
    settings.DATABASES = {"default": settings.DATABASES["default"]}
    assert _errors(settings) == set()
    settings.WEB_NODES = 3
    assert _errors(settings) == {"gongkai.E001", "gongkai.E002"}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/9"}}  # fmt: skip
    settings.SEARCH_BACKEND = "postgres"
    assert _errors(settings) == set()


def test_a_replica_needs_postgresql_and_its_search_in_the_database(settings: Any) -> None:
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}
    settings.DATABASES = {"default": sqlite, "replica": sqlite}
    settings.SEARCH_BACKEND = "tantivy"
    assert _errors(settings) == {"gongkai.E004", "gongkai.E005"}
    settings.DATABASES = {"default": postgres, "replica": postgres}
    settings.SEARCH_BACKEND = "postgres"
    assert _errors(settings) == set()


def test_the_content_version_is_read_where_the_page_is_read(settings: Any) -> None:
    """Replica lag cannot keep a withdrawn item under a newer version: on PostgreSQL the search
    engine, and so the page cache's version, reads from the database the request's pages read
    from (the replica for a public read), and writes the index to the primary."""
    from gongkai.search import services as search

    settings.REPLICA_READS = True
    settings.SEARCH_BACKEND = "postgres"
    token = replicas._replica_reads.set(True)
    try:
        assert search.engine().cursor == connections[replicas.REPLICA].cursor  # type: ignore[attr-defined]
        assert search.engine(write=True).cursor == connections[replicas.PRIMARY].cursor  # type: ignore[attr-defined]
    finally:
        replicas._replica_reads.reset(token)
    assert search.engine().cursor == connections[replicas.PRIMARY].cursor  # type: ignore[attr-defined]
