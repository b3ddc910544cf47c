"""The Django side of search: which engine, what a publication looks like to it, keeping the
index in step with publishing, and a page of results with snippets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from gongkai.core import replicas
from gongkai.publishing import workflow
from gongkai.publishing.models import Publication
from gongkai.search import text
from gongkai.search.engine import Engine, Entry, Filters
from gongkai.search.postgres_engine import PostgresEngine
from gongkai.search.tantivy_engine import TantivyEngine

log = logging.getLogger(__name__)

PAGE_SIZE = 20
MAX_PAGE = 50  # deep pages cost the engine and help no reader


@cache
def _tantivy(path: str) -> TantivyEngine:
    return TantivyEngine(path)


def engine(write: bool = False) -> Engine:
    """The search engine; on PostgreSQL, reading from the database this request reads from
    (a public page from the replica: core.replicas), writing to the primary."""
    if settings.SEARCH_BACKEND == "postgres":
        alias = replicas.PRIMARY if write else replicas.read_alias()
        return PostgresEngine(connections[alias].cursor)
    return _tantivy(str(settings.SEARCH_INDEX_DIR))


def version() -> str:
    """Changes whenever published content changes (see search.pagecache)."""
    return engine().version()


def entry(publication: Publication, names: dict[int, list[str]] | None = None) -> Entry:
    """`names` is `agency_names()`, read once for many entries."""
    attached = "\n".join(a.text for a in publication.attachments.all() if a.text)
    assert publication.published_at is not None
    known = (names if names is not None else agency_names()).get(publication.agency_id, [])
    return Entry(
        id=publication.pk,
        title=publication.title,
        text=publication.body_text + ("\n" + attached if attached else ""),
        column_id=publication.column_id,
        year=timezone.localtime(publication.published_at).year,
        # The 发布机构 as the editor wrote it, then the agency's and its superiors' names and
        # short names: 高新区 finds what 洛阳高新技术产业开发区管理委员会党政办公室 published.
        agency="\n".join(dict.fromkeys(n for n in [publication.publisher, *known] if n)),
        doc_number=publication.doc_number,
        published=publication.published_at,
    )


def agency_names() -> dict[int, list[str]]:
    """Agency id → its name and short name, then each superior's, nearest first."""
    from gongkai.orgs.models import Agency

    rows = {a.pk: a for a in Agency.objects.only("pk", "name", "short_name", "parent_id")}
    out: dict[int, list[str]] = {}
    for pk in rows:
        names: list[str] = []
        seen: set[int] = set()
        at: int | None = pk
        while at is not None and at in rows and at not in seen:
            seen.add(at)
            names += [rows[at].name, rows[at].short_name]
            at = rows[at].parent_id
        out[pk] = [n for n in names if n]
    return out


def on_publication_changed(publication: Publication, **_: Any) -> None:
    """A publication changed state (publishing.signals): after the commit its entry follows.
    An index that cannot be written (another writer held its lock for 30 s, a full disk) must not
    turn a saved publication into an error page; it is logged, and `gongkai reindex` catches up."""
    pk = publication.pk

    def sync_after_commit() -> None:
        try:
            sync([pk])
        except Exception:
            log.exception("search index not updated for publication %s; run `gongkai reindex`", pk)

    transaction.on_commit(sync_after_commit)


def sync(ids: Iterable[int]) -> None:
    """Index what is published (a scheduled item too: searches hide it until its time), remove
    everything else."""
    ids = list(ids)
    found = {
        p.pk: p for p in Publication.objects.filter(pk__in=ids).prefetch_related("attachments")
    }
    names = agency_names()
    published = [
        entry(p, names) for p in found.values() if p.status == workflow.PUBLISHED and p.published_at
    ]
    removed = [pk for pk in ids if pk not in {e.id for e in published}]
    engine(write=True).write(published, removed)


def rebuild(progress: Callable[[int, int], None] | None = None, batch: int = 500) -> int:
    """Clears the index and indexes every published item again."""
    target = engine(write=True)
    if isinstance(target, PostgresEngine):
        target.install()
    target.clear()
    query = Publication.objects.filter(status=workflow.PUBLISHED, published_at__isnull=False)
    total, done = query.count(), 0
    ids = list(query.order_by("pk").values_list("pk", flat=True))
    names = agency_names()
    for start in range(0, len(ids), batch):
        chunk = Publication.objects.filter(pk__in=ids[start : start + batch]).prefetch_related(
            "attachments"
        )
        target.write([entry(p, names) for p in chunk], [])
        done += len(ids[start : start + batch])
        if progress:
            progress(done, total)
    target.mark_dictionary()
    return total


@dataclass
class Hit:
    publication: Publication
    title: str  # HTML, the whole title, words marked
    snippet: str  # HTML, words marked
    doc_number: str = ""  # HTML, words marked
    publisher: str = ""  # HTML, words marked


@dataclass
class Page:
    query: text.Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    estimated: bool = False
    page: int = 1
    pages: int = 0
    listing: bool = False  # filters without words: the newest matches


def search(raw: str, filters: Filters, page: int = 1) -> Page:
    """Words (and filters): the best hits first. Filters alone: the newest matching items."""
    query = text.parse(raw)
    page = max(1, min(page, MAX_PAGE))
    result_page = Page(query=query, page=page, listing=query.empty and filters.narrowing)
    if query.empty and not filters.narrowing:
        return result_page
    filters = replace(filters, visible_at=timezone.now())
    found = engine().search(query.words, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    rows = Publication.objects.visible().filter(pk__in=found.ids).select_related("column")
    by_id = {p.pk: p for p in rows}
    attachments_text = _attachment_text(found.ids)
    for pk in found.ids:
        publication = by_id.get(pk)
        if publication is None:  # withdrawn a moment ago; the index follows on commit
            continue
        body = publication.body_text
        if query.words and not any(w in text.normalise(body) for w in query.words):
            body = attachments_text.get(pk, body)
        result_page.hits.append(
            Hit(
                publication,
                text.mark(publication.title, query.words),
                text.snippet(body, query.words),
                text.mark(publication.doc_number, [*query.words, *filters.doc_runs]),
                text.mark(publication.publisher, [*query.words, *filters.agency_runs]),
            )
        )
    result_page.total, result_page.estimated = found.total, found.estimated
    result_page.pages = min(MAX_PAGE, -(-found.total // PAGE_SIZE))
    return result_page


class TooBroad(Exception):
    """More items match than a caller may hold at once."""


def matching(raw: str, filters: Filters, limit: int) -> list[int]:
    """Every item the words and filters find, as the search page finds them (unordered ids);
    TooBroad when more than `limit` match. Words that parse to nothing searchable (only stop
    words, only punctuation) find no item, as on the search page."""
    query = text.parse(raw)
    if query.empty and (raw.strip() or not filters.narrowing):
        return []
    found = engine().search(
        query.words, replace(filters, visible_at=timezone.now()), limit=limit + 1
    )
    if found.estimated or found.total > limit:
        raise TooBroad(found.total)
    return found.ids


def _attachment_text(ids: list[int]) -> dict[int, str]:
    from gongkai.publishing.models import Attachment

    out: dict[int, str] = {}
    for pk, body in Attachment.objects.filter(publication_id__in=ids).values_list(
        "publication_id", "text"
    ):
        out[pk] = out.get(pk, "") + body + "\n"
    return out


def filters_from(params: Any, columns: dict[int, list[int]]) -> Filters:
    """Filters from a query string, ignoring what does not parse (a bad year is no error)."""
    column_ids: tuple[int, ...] = ()
    raw_column = str(params.get("column", ""))
    if _number(raw_column) and int(raw_column) in columns:
        column_ids = tuple(columns[int(raw_column)])
    raw_year = str(params.get("year", ""))
    year = int(raw_year) if _number(raw_year) and 1990 <= int(raw_year) <= 2100 else None
    return Filters(
        column_ids=column_ids,
        year=year,
        agency=str(params.get("agency", ""))[:100],
        doc_number=str(params.get("doc_number", ""))[:60],
    )


def _number(value: str) -> bool:
    """ASCII digits only: "²".isdigit() is true and int("²") fails."""
    return value.isascii() and value.isdigit() and len(value) < 10
