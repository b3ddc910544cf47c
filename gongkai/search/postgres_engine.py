"""Search inside PostgreSQL, for deployments whose web nodes share one database and no disk.

The same bigrams as the tantivy index, written as a tsvector literal with their positions (title
terms weighted A), in a RUM index (Debian's postgresql-15-rum): a word is a phrase of its bigrams
(`<->`), top-k comes in index order by `<=>`, and beyond EXACT_COUNT_LIMIT hits the total is the
planner's estimate rather than an exact count, which is what made GIN + ts_rank slow.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from gongkai.search import text
from gongkai.search.engine import (
    EXACT_COUNT_LIMIT,
    Entry,
    Filters,
    Result,
    by_relevance_then_recency,
)

TABLE = "search_entry"
MAX_POSITION = 16383  # tsvector positions stop here: phrases further in a long text are not found

SCHEMA_SQL = (
    "CREATE EXTENSION IF NOT EXISTS rum",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY,
        column_id integer NOT NULL,
        year integer NOT NULL,
        agency text NOT NULL,
        doc_number text NOT NULL,
        published timestamptz NOT NULL,
        tsv tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING rum (tsv rum_tsvector_ops)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_published ON {TABLE} (published DESC)",
    f"CREATE TABLE IF NOT EXISTS {TABLE}_meta (key text PRIMARY KEY, value text NOT NULL)",
)
DROP_SQL = (f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {TABLE}_meta")

Cursor = Any
CursorFactory = Callable[[], AbstractContextManager[Cursor]]


def tsvector(entry: Entry) -> str:
    """The entry's bigrams with positions: title first (weight A), then the body."""
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for weight, source in (("A", entry.title), ("", entry.text)):
        for gram in text.grams(source):
            position += 1
            if position > MAX_POSITION:
                break
            if gram != text.BREAK:
                positions[gram].append(f"{position}{weight}")
        position += 1  # title and body never join into one phrase
    words = text.dictionary_words(entry.title + "\n" + entry.text)
    return " ".join(
        [
            *(f"'{gram}':{','.join(p[:256])}" for gram, p in positions.items()),
            *(f"'{w}'" for w in words),
        ]
    )


def tsquery(words: tuple[str, ...], whole: bool = True) -> str:
    """Every word as a phrase of its bigrams (or whole, if a dictionary word and `whole`); a
    one-character word by prefix."""
    parts = []
    for word in words:
        if whole and text.in_dictionary(word):
            parts.append(f"'{word}'")
        elif len(word) == 1:
            parts.append(f"'{word}':*")
        else:
            grams = text.word_grams(word)
            phrase = f"'{grams[0][0]}'"
            for (gram, offset), (_, before) in zip(grams[1:], grams, strict=False):
                phrase += f" <{offset - before}> '{gram}'"
            parts.append(f"({phrase})")
    return " & ".join(parts)


class PostgresEngine:
    name = "postgres"

    def __init__(self, cursor: CursorFactory) -> None:
        self.cursor = cursor

    def install(self) -> None:
        with self.cursor() as cur:
            for sql in SCHEMA_SQL:
                cur.execute(sql)

    def write(self, entries: list[Entry], removed: list[int]) -> None:
        with self.cursor() as cur:
            if removed:
                cur.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [removed])
            cur.executemany(
                f"""INSERT INTO {TABLE} (id, column_id, year, agency, doc_number, published, tsv)
                    VALUES (%s, %s, %s, %s, %s, %s, %s::tsvector)
                    ON CONFLICT (id) DO UPDATE SET column_id = EXCLUDED.column_id,
                      year = EXCLUDED.year, agency = EXCLUDED.agency,
                      doc_number = EXCLUDED.doc_number, published = EXCLUDED.published,
                      tsv = EXCLUDED.tsv""",
                [row(e) for e in entries],
            )
            _bump(cur)

    def version(self) -> str:
        with self.cursor() as cur:
            cur.execute(f"SELECT value FROM {TABLE}_meta WHERE key = 'version'")
            found = cur.fetchone()
        return str(found[0]) if found else "0"

    def clear(self) -> None:
        with self.cursor() as cur:
            cur.execute(f"TRUNCATE {TABLE}")
            _bump(cur)
        self.mark_dictionary()

    def mark_dictionary(self) -> None:
        with self.cursor() as cur:
            cur.execute(
                f"""INSERT INTO {TABLE}_meta VALUES ('dictionary', %s)
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
                [text.DICTIONARY_VERSION],
            )

    def uses_dictionary(self, cur: Cursor) -> bool:
        cur.execute(f"SELECT value FROM {TABLE}_meta WHERE key = 'dictionary'")
        found = cur.fetchone()
        return bool(found) and found[0] == text.DICTIONARY_VERSION

    def count(self) -> int:
        with self.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {TABLE}")
            return int(cur.fetchone()[0])

    def search(
        self, words: tuple[str, ...], filters: Filters, limit: int = 20, offset: int = 0
    ) -> Result:
        if not words:
            return Result([], 0)
        window = offset + limit + 50
        with self.cursor() as cur:
            where, params = _where(tsquery(words, self.uses_dictionary(cur)), filters)
            if _estimate(cur, where, params) <= BROAD_ESTIMATE:
                return _narrow(cur, where, params, window, limit, offset)
            return _broad(cur, where, params, window, limit, offset)


# Past this planner estimate a query is broad: ranking every hit would cost ~1 µs each.
BROAD_ESTIMATE = 5_000
# A broad query ranks this many of its newest hits, and estimates its total from how many rows
# it scanned to find them.
CANDIDATES = 1_000
_RANK = "tsv <=> to_tsquery('simple', %s)"


def _narrow(
    cur: Cursor, where: str, params: list[object], window: int, limit: int, offset: int
) -> Result:
    """Few hits: all ranked in RUM index order, counted exactly."""
    cur.execute(
        f"""SELECT id, extract(epoch FROM published)::bigint, {_RANK}
            FROM {TABLE} WHERE {where} ORDER BY {_RANK} LIMIT %s""",
        [params[0], *params, params[0], window],
    )
    scored = [(-float(d), int(p), int(i)) for i, p, d in cur.fetchall()]  # distance = 1/rank
    cur.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)
    total = int(cur.fetchone()[0])
    return Result(by_relevance_then_recency(scored, limit, offset), total)


def _broad(
    cur: Cursor, where: str, params: list[object], window: int, limit: int, offset: int
) -> Result:
    """Many hits: the newest CANDIDATES hits (found by walking the publication-time index), ranked
    by relevance; the total is estimated from the share of scanned rows that matched."""
    cur.execute(
        f"""SELECT id, extract(epoch FROM published)::bigint, {_RANK}, published
            FROM (SELECT id, published, tsv FROM {TABLE} WHERE {where}
                  ORDER BY published DESC LIMIT %s) candidates""",
        [params[0], *params, CANDIDATES],
    )
    rows = cur.fetchall()
    scored = [(-float(d), int(p), int(i)) for i, p, d, _ in rows]
    page = by_relevance_then_recency(scored, limit, offset)
    if len(rows) < CANDIDATES:  # the walk reached the oldest row: every hit was seen
        return Result(page, len(rows))
    oldest = min(r[3] for r in rows)
    cur.execute(
        f"""SELECT (SELECT count(*) FROM {TABLE} WHERE published >= %s),
                   (SELECT count(*) FROM {TABLE})""",
        [oldest],
    )
    scanned, everything = cur.fetchone()
    total = round(len(rows) * int(everything) / max(int(scanned), 1))
    if total <= EXACT_COUNT_LIMIT:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)
        return Result(page, int(cur.fetchone()[0]))
    return Result(page, total, estimated=True)


def _estimate(cur: Cursor, where: str, params: list[object]) -> int:
    cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {where}", params)
    plan = cur.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _bump(cur: Cursor) -> None:
    cur.execute(
        f"""INSERT INTO {TABLE}_meta VALUES ('version', clock_timestamp()::text)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"""
    )


def row(entry: Entry) -> tuple[object, ...]:
    return (
        entry.id,
        entry.column_id,
        entry.year,
        entry.agency,
        entry.doc_number,
        entry.published,
        tsvector(entry),
    )


def _where(query: str, filters: Filters) -> tuple[str, list[object]]:
    conditions = ["tsv @@ to_tsquery('simple', %s)"]
    params: list[object] = [query]
    if filters.column_ids:
        conditions.append("column_id = ANY(%s)")
        params.append(list(filters.column_ids))
    if filters.year is not None:
        conditions.append("year = %s")
        params.append(filters.year)
    if filters.agency:
        conditions.append("agency = %s")
        params.append(filters.agency)
    if filters.doc_number:
        conditions.append("doc_number LIKE %s")
        params.append("%" + filters.doc_number.replace("%", "").replace("_", "") + "%")
    if filters.visible_at is not None:
        conditions.append("published <= %s")
        params.append(filters.visible_at)
    return " AND ".join(conditions), params


def batches(entries: Iterator[Entry], size: int) -> Iterator[list[Entry]]:
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
