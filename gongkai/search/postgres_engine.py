"""Search inside PostgreSQL, for deployments whose web nodes share one database and no disk.

The same bigrams as the tantivy index, written as a tsvector literal with their positions (title
terms weighted A) in a RUM index (Debian's postgresql-15-rum), beside the folded text itself.
What made in-database search slow was ranking and counting every hit of a broad query and
checking phrases of very common bigrams in the index, so a query takes one of two paths:

- narrow (the statistics say few hits): the index finds candidates by each word's rarest terms
  and returns them in RUM's rank order (index-ordered top-k); the text confirms every word
  (LIKE), and the count is exact;
- broad: the newest rows are walked in publication order until CANDIDATES hits are found; those
  are ranked, and the total is estimated from the share of walked rows that matched (约N条).

Both paths match exactly what `LIKE '%word%'` matches, so recall is that of a substring scan.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
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
MAX_POSITION = 16383  # tsvector positions stop here (ranking only: matching uses the text)
NARROW_ESTIMATE = 3_000  # expected hits up to which the index path is cheaper
CANDIDATES = 100  # a broad query ranks its newest this many hits
WINDOW = 25_000  # and walks at most this many rows to find them (else the index path)
STATS_TTL = 600.0

SCHEMA_SQL = (
    "CREATE EXTENSION IF NOT EXISTS rum",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY,
        column_id integer NOT NULL,
        year integer NOT NULL,
        agency text NOT NULL,
        doc_number text NOT NULL,
        published timestamptz NOT NULL,
        content text NOT NULL,
        tsv tsvector NOT NULL) WITH (toast_tuple_target = 8160)""",
    # Kept in the row (compressed) rather than out of line: an index recheck then costs a
    # decompression, not three more page reads.
    f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE MAIN",
    # The plan needs how common each term is, rare ones included: ANALYZE keeps up to ten times
    # this many most-common elements (the default, 100, only knows terms in more than ~4%).
    f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STATISTICS 10000",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING rum (tsv rum_tsvector_ops)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_published ON {TABLE} (published DESC)",
    f"CREATE TABLE IF NOT EXISTS {TABLE}_meta (key text PRIMARY KEY, value text NOT NULL)",
)
DROP_SQL = (f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {TABLE}_meta")

Cursor = Any
CursorFactory = Callable[[], AbstractContextManager[Cursor]]


def content(entry: Entry) -> str:
    """The folded text the LIKE checks run on: title, then body."""
    return text.fold(entry.title) + "\n" + text.fold(entry.text)


def tsvector(entry: Entry) -> str:
    """Each distinct bigram and dictionary word once, at its first position (weight A when that
    is in the title). Matching needs only presence (the text decides the rest), and one position
    keeps the rank's title weight while the vector stays small enough to live in the row."""
    first: dict[str, str] = {}
    position = 0
    for weight, source in (("A", entry.title), ("", entry.text)):
        terms = [*text.grams(source), *text.dictionary_words(source)]
        for term in terms:
            position = min(position + 1, MAX_POSITION)
            if term != text.BREAK and term not in first:
                first[term] = f"{position}{weight}"
    return " ".join(f"'{term}':{at}" for term, at in first.items())


def row(entry: Entry) -> tuple[object, ...]:
    return (
        entry.id,
        entry.column_id,
        entry.year,
        entry.agency,
        entry.doc_number,
        entry.published,
        content(entry),
        tsvector(entry),
    )


COLUMNS = "id, column_id, year, agency, doc_number, published, content, tsv"


class Statistics:
    """How common each term is (ANALYZE's most-common-elements list), kept per process."""

    def __init__(self, frequencies: dict[str, float], rows: float) -> None:
        self.frequencies = frequencies
        self.rows = rows
        self.floor = min(frequencies.values(), default=1.0) / 2
        self.read_at = time.monotonic()

    def frequency(self, term: str) -> float:
        return self.frequencies.get(term, self.floor)


_statistics: Statistics | None = None


def statistics(cur: Cursor) -> Statistics:
    global _statistics
    if _statistics is None or time.monotonic() - _statistics.read_at > STATS_TTL:
        cur.execute(
            """SELECT most_common_elems::text::text[], most_common_elem_freqs
               FROM pg_stats WHERE tablename = %s AND attname = 'tsv'""",
            [TABLE],
        )
        found = cur.fetchone()
        terms, freqs = (found[0] or [], found[1] or []) if found else ([], [])
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
        rows = cur.fetchone()
        _statistics = Statistics(
            dict(zip(terms, freqs, strict=False)), float(rows[0]) if rows else 0
        )
    return _statistics


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
                f"""INSERT INTO {TABLE} ({COLUMNS})
                    VALUES (%s, %s, %s, %s, %s, %s, %s, %s::tsvector)
                    ON CONFLICT (id) DO UPDATE SET column_id = EXCLUDED.column_id,
                      year = EXCLUDED.year, agency = EXCLUDED.agency,
                      doc_number = EXCLUDED.doc_number, published = EXCLUDED.published,
                      content = EXCLUDED.content, tsv = EXCLUDED.tsv""",
                [row(e) for e in entries],
            )
            _bump(cur)

    def clear(self) -> None:
        with self.cursor() as cur:
            cur.execute(f"TRUNCATE {TABLE}")
            _bump(cur)
        self.mark_dictionary()

    def mark_dictionary(self) -> None:
        with self.cursor() as cur:
            _meta(cur, "dictionary", text.DICTIONARY_VERSION)

    def uses_dictionary(self, cur: Cursor) -> bool:
        cur.execute(f"SELECT value FROM {TABLE}_meta WHERE key = 'dictionary'")
        found = cur.fetchone()
        return bool(found) and found[0] == text.DICTIONARY_VERSION

    def version(self) -> str:
        with self.cursor() as cur:
            cur.execute(f"SELECT value FROM {TABLE}_meta WHERE key = 'version'")
            found = cur.fetchone()
        return str(found[0]) if found else "0"

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
            plan = Plan(words, filters, statistics(cur), self.uses_dictionary(cur))
            if plan.expected() > NARROW_ESTIMATE:
                found = _broad(cur, plan, window, limit, offset)
                if found is not None:
                    return found
            return _narrow(cur, plan, window, limit, offset)

    def matching_ids(self, words: tuple[str, ...]) -> set[int]:
        """Every match (for recall measurements)."""
        with self.cursor() as cur:
            plan = Plan(words, Filters(), statistics(cur), self.uses_dictionary(cur))
            cur.execute(f"SELECT id FROM {TABLE} WHERE {plan.index_where}", plan.index_params)
            return {int(r[0]) for r in cur.fetchall()}


class Plan:
    """A query's SQL pieces: the index condition on each word's rarest terms, the text check
    that makes the match exact, and the filters."""

    def __init__(
        self, words: tuple[str, ...], filters: Filters, stats: Statistics, whole: bool
    ) -> None:
        self.words, self.stats = words, stats
        keys: list[str] = []
        self.selectivity = 1.0
        self.exact = True  # the index terms alone decide the match: no text check needed
        for word in words:
            terms = _key_terms(word, stats, whole)
            self.exact &= len(word) <= 2 or terms == [f"'{word}'"]
            keys.append(" & ".join(terms))
            if not terms[0].endswith(":*"):
                self.selectivity *= min(stats.frequency(t.strip("'")) for t in terms)
        self.keys = " & ".join(f"({k})" for k in keys)
        likes = [f"%{_like_escape(w)}%" for w in words]
        filter_sql, filter_params = _filters(filters)
        self.filter_sql, self.filter_params = filter_sql, filter_params
        self.like_sql = " AND ".join("content LIKE %s" for _ in likes)
        self.like_params: list[object] = list(likes)
        checks = [] if self.exact else [self.like_sql]
        self.index_where = " AND ".join(
            ["tsv @@ to_tsquery('simple', %s)", *checks, *([filter_sql] if filter_sql else [])]
        )
        self.index_params: list[object] = [
            self.keys,
            *([] if self.exact else likes),
            *filter_params,
        ]

    def expected(self) -> float:
        if self.stats.rows < 50_000 or not self.stats.frequencies:
            return 0.0  # small or never analysed: the index path is cheap anyway
        return self.stats.rows * self.selectivity


def _key_terms(word: str, stats: Statistics, whole: bool) -> list[str]:
    """The index terms that every item containing `word` has: the word itself if indexed whole,
    else its two rarest bigrams; a one-character word by prefix."""
    if whole and text.in_dictionary(word):
        return [f"'{word}'"]
    if len(word) == 1:
        return [f"'{word}':*"]
    grams = sorted({word[i : i + 2] for i in range(len(word) - 1)}, key=stats.frequency)
    return [f"'{g}'" for g in grams[:2]]


def _narrow(cur: Cursor, plan: Plan, window: int, limit: int, offset: int) -> Result:
    """Few hits: candidates from the index in RUM's rank order, confirmed by the text."""
    rank = "tsv <=> to_tsquery('simple', %s)"
    cur.execute(
        f"""SELECT id, extract(epoch FROM published)::bigint, {rank}
            FROM {TABLE} WHERE {plan.index_where} ORDER BY {rank} LIMIT %s""",
        [plan.keys, *plan.index_params, plan.keys, window],
    )
    scored = [(-float(d), int(p), int(i)) for i, p, d in cur.fetchall()]  # distance = 1/rank
    cur.execute(f"SELECT count(*) FROM {TABLE} WHERE {plan.index_where}", plan.index_params)
    total = int(cur.fetchone()[0])
    return Result(by_relevance_then_recency(scored, limit, offset), total)


def _broad(cur: Cursor, plan: Plan, window: int, limit: int, offset: int) -> Result | None:
    """Many hits: the newest rows in publication order until CANDIDATES hits; None when the walk
    ends first (the statistics were wrong: the index path is the right one)."""
    where = f"WHERE {plan.filter_sql}" if plan.filter_sql else ""
    score = " + ".join(
        "(CASE WHEN strpos(split_part(content, E'\\n', 1), %s) > 0 THEN 3 ELSE 0 END"
        " + (length(content) - length(replace(content, %s, ''))) / length(%s)::float)"
        for _ in plan.words
    )
    score_params = [p for w in plan.words for p in (w, w, w)]
    cur.execute(
        f"""SELECT id, extract(epoch FROM published)::bigint, {score}, n FROM (
                SELECT id, published, content, row_number() OVER (ORDER BY published DESC) AS n
                FROM (SELECT id, published, content FROM {TABLE} {where}
                      ORDER BY published DESC LIMIT %s) recent
            ) walked WHERE {plan.like_sql} LIMIT %s""",
        [*score_params, *plan.filter_params, WINDOW, *plan.like_params, CANDIDATES],
    )
    rows = cur.fetchall()
    if len(rows) < CANDIDATES:
        return None
    scanned = max(int(r[3]) for r in rows)
    scored = [(float(s), int(p), int(i)) for i, p, s, _ in rows]
    page = by_relevance_then_recency(scored, limit, offset)
    cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} {where}", plan.filter_params)
    found = cur.fetchone()[0]
    found = json.loads(found) if isinstance(found, str) else found
    total = round(len(rows) * float(found[0]["Plan"]["Plan Rows"]) / scanned)
    if total <= EXACT_COUNT_LIMIT:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE {plan.index_where}", plan.index_params)
        return Result(page, int(cur.fetchone()[0]))
    return Result(page, total, estimated=True)


def _filters(filters: Filters) -> tuple[str, list[object]]:
    conditions: list[str] = []
    params: list[object] = []
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
        params.append(f"%{_like_escape(filters.doc_number)}%")
    if filters.visible_at is not None:
        conditions.append("published <= %s")
        params.append(filters.visible_at)
    return " AND ".join(conditions), params


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _meta(cur: Cursor, key: str, value: str) -> None:
    cur.execute(
        f"""INSERT INTO {TABLE}_meta VALUES (%s, %s)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
        [key, value],
    )


def _bump(cur: Cursor) -> None:
    """The content version public pages are kept under (see portal.pagecache)."""
    cur.execute(
        f"""INSERT INTO {TABLE}_meta VALUES ('version', clock_timestamp()::text)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"""
    )
