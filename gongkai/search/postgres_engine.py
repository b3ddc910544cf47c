"""Search inside PostgreSQL, for deployments whose web nodes share one database and no disk.

Two tables. `search_entry` keeps the filters and the publication time in a narrow row and the
item's terms and folded text out of line (TOAST), so that at a million items its heap is about
100 MB and counting the hits of a GIN bitmap costs about a microsecond each while it stays in
shared buffers. `search_text` holds the folded text again, in the row and in publication order,
for walking the newest items and scoring candidates without a TOAST lookup per item.

The terms are the same bigrams and dictionary words as the tantivy index, without positions,
plus the title's terms marked with TITLE_MARK, in a GIN index (in core PostgreSQL). RUM, which
keeps positions to rank inside the index, was measured and left: reading its posting lists cost
five times GIN's (a 900,000-item term: 351 ms against 70 ms; a two-word query with 7,350 hits:
29 ms against 5 ms), and ranking needs no positions here.

A query takes one of two paths, chosen from ANALYZE's term frequencies:

- exact (the statistics expect up to BROAD_ESTIMATE hits): the index finds every hit by each
  word's rarest terms, `LIKE` confirms words the terms do not decide, and the count is exact;
  the candidates are the newest hits and the newest hits with the words in their title;
- broad: the newest items are walked in publication order until CANDIDATES hits; the total is
  estimated from the share of walked items that matched (约N条), and counted exactly when that
  estimate is within EXACT_COUNT_LIMIT.

Candidates are then scored on their text (a word in the title counts 3, each occurrence 1) and
ordered by score, newer first on ties. Both paths match exactly what `LIKE '%word%'` matches.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
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
from gongkai.search.postgres_rows import (  # re-exported: the migrations, backup, the benchmark
    AGENCY_MARK,
    COLUMNS,
    DOC_MARK,
    DROP_SQL,
    MARKS,
    SCHEMA_SQL,
    TABLE,
    TEXT_COLUMNS,
    TEXT_TABLE,
    TITLE_MARK,
    content,
    entry_row,
    quote,
    terms,
    text_row,
)

__all__ = [
    "COLUMNS", "DROP_SQL", "SCHEMA_SQL", "TABLE", "TEXT_COLUMNS", "TEXT_TABLE", "PostgresEngine",
    "content", "entry_row", "terms", "text_row",
]  # fmt: skip

BROAD_ESTIMATE = EXACT_COUNT_LIMIT  # expected hits beyond which walking the newest items is cheaper
CANDIDATES = 100  # hits scored for a page (more for deep pages)
PROBE = 2_000  # items a broad walk reads first to check the statistics' expectation
WINDOW = 15_000  # the most items a broad walk reads before taking the exact path
TITLE_PASS_LIMIT = 2_000  # expected title hits up to which they are sought among all hits
KEY_TERMS = 3  # a word the terms do not decide is looked up by this many of its rarest bigrams
STATS_TTL = 600.0

Cursor = Any
CursorFactory = Callable[[], AbstractContextManager[Cursor]]


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
               FROM pg_stats WHERE tablename = %s AND attname = 'terms'""",
            [TABLE],
        )
        found = cur.fetchone()
        elements, freqs = (found[0] or [], found[1] or []) if found else ([], [])
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [TABLE])
        count = cur.fetchone()
        _statistics = Statistics(
            dict(zip(elements, freqs, strict=False)), float(count[0]) if count else 0
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
                cur.execute(f"DELETE FROM {TEXT_TABLE} WHERE id = ANY(%s)", [removed])
            for table, columns, row in (
                (TABLE, COLUMNS, entry_row),
                (TEXT_TABLE, TEXT_COLUMNS, text_row),
            ):
                names = columns.split(", ")
                cur.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
                    " ON CONFLICT (id) DO UPDATE SET "
                    + ", ".join(f"{n} = EXCLUDED.{n}" for n in names[1:]),
                    [row(e) for e in entries],
                )
            _bump(cur)

    def clear(self) -> None:
        with self.cursor() as cur:
            cur.execute(f"TRUNCATE {TABLE}, {TEXT_TABLE}")
            _bump(cur)
        self.mark_dictionary()

    def mark_dictionary(self) -> None:
        with self.cursor() as cur:
            _meta(cur, "dictionary", text.DICTIONARY_VERSION)

    def current_dictionary(self) -> bool:
        with self.cursor() as cur:
            return self.uses_dictionary(cur)

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
        if not words and not filters.narrowing:
            return Result([], 0)
        wanted = max(CANDIDATES, offset + limit)
        with self.cursor() as cur:
            cur.execute("SET jit = off")  # compiling costs more than these queries take
            plan = Plan(words, filters, statistics(cur), self.uses_dictionary(cur))
            if not words:
                return _newest(cur, plan, limit, offset)
            found = _broad(cur, plan, wanted) if plan.expected() > BROAD_ESTIMATE else None
            if found is None:
                found = _exact(cur, plan, wanted)
            candidates, total, estimated = found
            scored = _score(cur, plan, candidates)
            return Result(by_relevance_then_recency(scored, limit, offset), total, estimated)

    def matching_ids(self, words: tuple[str, ...]) -> set[int]:
        """Every match (for recall measurements)."""
        with self.cursor() as cur:
            plan = Plan(words, Filters(), statistics(cur), self.uses_dictionary(cur))
            cur.execute(f"SELECT e.id {plan.hits_sql()}", plan.hits_params())
            return {int(r[0]) for r in cur.fetchall()}


class Plan:
    """A query's SQL pieces: the index condition on each word's key terms (and on the same terms
    in the title), the text check for words the terms do not decide, and the filters."""

    def __init__(
        self, words: tuple[str, ...], filters: Filters, stats: Statistics, whole: bool
    ) -> None:
        self.words, self.stats = words, stats
        self.selectivity = self.title_selectivity = 1.0
        keys: list[list[str]] = []
        self.checked: list[str] = []  # words LIKE must confirm
        for word in words:
            terms, exact = _key_terms(word, stats, whole)
            keys.append(terms)
            if not exact:
                self.checked.append(word)
            if len(word) > 1:
                self.selectivity *= min(stats.frequency(t) for t in terms)
                self.title_selectivity *= min(stats.frequency(TITLE_MARK + t) for t in terms)
        self.title_query = _tsquery([[TITLE_MARK + t for t in k] for k in keys])
        # The 文号 and 发布机构 filters are found by their marked terms too (LIKE confirms).
        for mark, runs in ((DOC_MARK, filters.doc_runs), (AGENCY_MARK, filters.agency_runs)):
            share = 1.0  # the runs of one field go together (洛开管 2021): the rarest decides
            for run in runs:
                grams = [run] if len(run) <= 2 else [run[i : i + 2] for i in range(len(run) - 1)]
                marked = sorted({mark + g for g in grams}, key=stats.frequency)[:KEY_TERMS]
                keys.append(marked)
                if len(run) > 1:
                    share = min(share, stats.frequency(marked[0]))
            self.selectivity *= share
        self.query = _tsquery(keys)
        self.filters = filters

    def expected(self) -> float:
        return self._rows(self.selectivity)

    def expected_in_title(self) -> float:
        return self._rows(self.title_selectivity)

    def _rows(self, selectivity: float) -> float:
        if self.stats.rows < 50_000 or not self.stats.frequencies:
            return 0.0  # small or never analysed: the index path is cheap anyway
        return self.stats.rows * selectivity

    def hits_sql(self) -> str:
        """FROM and WHERE for every hit (alias e)."""
        likes = "".join(
            # A 文号 is most often the item's own: its row holds it, so the text (out of line)
            # is read only for the items that merely cite it.
            " AND (e.doc_number LIKE %s OR e.content LIKE %s)"
            if text.anchor(w)
            else " AND e.content LIKE %s"
            for w in self.checked
        )
        where, _ = _filters(self.filters, "e")
        return f"FROM {TABLE} e WHERE e.terms @@ %s::tsquery{likes}" + (
            f" AND {where}" if where else ""
        )

    def filters_sql(self, by_terms: bool) -> tuple[str, list[object]]:
        """WHERE and its parameters for the filters alone (alias e; a search without words),
        with the 文号's and 发布机构's terms or with their LIKE checks alone."""
        where, params = _filters(self.filters, "e")
        if self.query and by_terms:
            return f"e.terms @@ %s::tsquery AND {where}", [self.query, *params]
        return where, params

    def hits_params(self, query: str | None = None) -> list[object]:
        _, params = _filters(self.filters, "e")
        likes = [p for w in self.checked for p in [_like(w)] * (2 if text.anchor(w) else 1)]
        return [query or self.query, *likes, *params]


def _key_terms(word: str, stats: Statistics, whole: bool) -> tuple[list[str], bool]:
    """The index terms every item containing `word` has, and whether having them is the same as
    containing it: the word itself if indexed whole, a bigram, a character's prefix; else the
    word's rarest bigrams (not decisive: the text confirms)."""
    if whole and text.in_dictionary(word):
        return [word], True
    if len(word) <= 2:
        return [word], True
    grams = sorted({word[i : i + 2] for i in range(len(word) - 1)}, key=stats.frequency)
    key = text.anchor(word) if whole else None  # a 文号's number, indexed whole (年57号)
    if key is not None:
        return [key, *grams[: KEY_TERMS - 1]], key == word
    return grams[:KEY_TERMS], False


def _tsquery(keys: list[list[str]]) -> str:
    return " & ".join(
        quote(term) + (":*" if len(term.lstrip(MARKS)) == 1 else "")
        for terms in keys
        for term in terms
    )


def _newest(cur: Cursor, plan: Plan, limit: int, offset: int) -> Result:
    """A search with filters and no words: the newest matches, counted exactly up to
    EXACT_COUNT_LIMIT and estimated beyond. Filters the statistics expect to match many items
    walk the publication-time index checking the row's own columns (the 文号 and 发布机构 are
    in the row), which stops after a page; rare ones are found by their terms."""
    broad = plan.expected() > BROAD_ESTIMATE
    where, params = plan.filters_sql(by_terms=not broad)
    # With a terms condition, ordered by the epoch (see _exact); without, the published index.
    at = "extract(epoch FROM e.published)" if plan.query and not broad else "e.published"
    cur.execute(
        f"SELECT e.id FROM {TABLE} e WHERE {where} ORDER BY {at} DESC, e.id DESC LIMIT %s OFFSET %s",
        [*params, limit, offset],
    )
    ids = [int(r[0]) for r in cur.fetchall()]
    cur.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} e WHERE {where} LIMIT %s) c",
        [*params, EXACT_COUNT_LIMIT + 1],
    )
    total = int(cur.fetchone()[0])
    if total <= EXACT_COUNT_LIMIT:
        return Result(ids, total)
    expected = plan.expected()
    if not expected:
        cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} e WHERE {where}", params)
        explained = cur.fetchone()[0]
        explained = json.loads(explained) if isinstance(explained, str) else explained
        expected = float(explained[0]["Plan"]["Plan Rows"])
    return Result(ids, max(total, round(expected)), estimated=True)


Found = tuple[list[tuple[int, int]], int, bool]  # candidates (id, published), total, estimated


def _exact(cur: Cursor, plan: Plan, wanted: int) -> Found:
    """Every hit from the index (confirmed by the text where needed), counted; the newest ones
    and the newest with the words in the title become the candidates."""
    # Ordered by the epoch, not by `published` itself: ordered by an indexed column, the
    # planner walks that index and reads every row's terms out of line (seconds, not ms).
    newest = (
        "SELECT e.id, extract(epoch FROM e.published)::bigint AS at, count(*) OVER () {hits} "
        "ORDER BY at DESC LIMIT %s"
    )
    cur.execute(newest.format(hits=plan.hits_sql()), [*plan.hits_params(), wanted])
    found = cur.fetchall()
    total = int(found[0][2]) if found else 0
    candidates = {int(i): int(p) for i, p, _ in found}
    # More hits than candidates: add the newest title hits, unless they are so many that the
    # newest hits hold their share of them anyway (a second pass over thousands costs as much).
    if total > len(found) and plan.expected_in_title() <= TITLE_PASS_LIMIT:
        titled = f"{plan.query} & {plan.title_query}"
        cur.execute(newest.format(hits=plan.hits_sql()), [*plan.hits_params(titled), wanted])
        candidates.update({int(i): int(p) for i, p, _ in cur.fetchall()})
    return list(candidates.items()), total, False


def _broad(cur: Cursor, plan: Plan, wanted: int) -> Found | None:
    """The newest items in publication order until `wanted` hits. None when the statistics were
    wrong and the exact path is the right one: the first PROBE items show a share of hits that
    comes to no more than EXACT_COUNT_LIMIT (which must be counted exactly anyway), or the walk
    ends before `wanted` hits."""
    where, params = _filters(plan.filters, "t")
    cur.execute(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TEXT_TABLE} t"
        + (f" WHERE {where}" if where else ""),
        params,
    )
    explained = cur.fetchone()[0]
    explained = json.loads(explained) if isinstance(explained, str) else explained
    items = float(explained[0]["Plan"]["Plan Rows"])  # items the filters leave
    found = _walk(cur, plan, PROBE, wanted)
    if len(found) < wanted:
        if len(found) * items / min(PROBE, max(items, 1)) <= EXACT_COUNT_LIMIT:
            return None
        found = _walk(cur, plan, WINDOW, wanted)
        if len(found) < wanted:
            return None
    scanned = max(n for _, _, n in found)
    total = round(len(found) * items / scanned)
    candidates = [(i, p) for i, p, _ in found]
    if total <= EXACT_COUNT_LIMIT:
        cur.execute(f"SELECT count(*) {plan.hits_sql()}", plan.hits_params())
        return candidates, int(cur.fetchone()[0]), False
    return candidates, total, True


def _walk(cur: Cursor, plan: Plan, window: int, wanted: int) -> list[tuple[int, int, int]]:
    """(id, published, position in the walk) of the first `wanted` hits among the newest
    `window` items."""
    where, params = _filters(plan.filters, "t")
    likes = [f"%{_like_escape(w)}%" for w in plan.words]
    cur.execute(
        f"""SELECT id, extract(epoch FROM published)::bigint, n FROM (
                SELECT id, published, content, row_number() OVER (ORDER BY published DESC) AS n
                FROM (SELECT id, published, content FROM {TEXT_TABLE} t
                      {"WHERE " + where if where else ""}
                      ORDER BY published DESC LIMIT %s) recent
            ) walked WHERE {" AND ".join("content LIKE %s" for _ in likes)} LIMIT %s""",
        [*params, window, *likes, wanted],
    )
    return [(int(i), int(p), int(n)) for i, p, n in cur.fetchall()]


def _score(
    cur: Cursor, plan: Plan, candidates: Iterable[tuple[int, int]]
) -> list[tuple[float, int, int]]:
    """(score, published, id) for each candidate: 3 for each word in the title, plus each
    occurrence in the text."""
    published = dict(candidates)
    if not published:
        return []
    score = " + ".join(
        "(CASE WHEN strpos(split_part(content, E'\\n', 1), %s) > 0 THEN 3 ELSE 0 END"
        " + (length(content) - length(replace(content, %s, ''))) / length(%s)::float)"
        for _ in plan.words
    )
    cur.execute(
        f"SELECT id, {score} FROM {TEXT_TABLE} WHERE id = ANY(%s)",
        [*(p for w in plan.words for p in (w, w, w)), list(published)],
    )
    return [(float(s), published[int(i)], int(i)) for i, s in cur.fetchall()]


def _filters(filters: Filters, alias: str) -> tuple[str, list[object]]:
    conditions: list[str] = []
    params: list[object] = []
    if filters.column_ids:
        conditions.append(f"{alias}.column_id = ANY(%s)")
        params.append(list(filters.column_ids))
    if filters.year is not None:
        conditions.append(f"{alias}.year = %s")
        params.append(filters.year)
    for column, runs in (("agency", filters.agency_runs), ("doc_number", filters.doc_runs)):
        for run in runs:  # the columns hold the normalised names and 文号
            conditions.append(f"{alias}.{column} LIKE %s")
            params.append(f"%{_like_escape(run)}%")
    if filters.visible_at is not None:
        conditions.append(f"{alias}.published <= %s")
        params.append(filters.visible_at)
    return " AND ".join(conditions), params


def _like(word: str) -> str:
    return f"%{_like_escape(word)}%"


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _meta(cur: Cursor, key: str, value: str) -> None:
    cur.execute(
        f"""INSERT INTO {TABLE}_meta VALUES (%s, %s)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
        [key, value],
    )


def _bump(cur: Cursor) -> None:
    """The content version public pages are kept under (see search.pagecache)."""
    cur.execute(
        f"""INSERT INTO {TABLE}_meta VALUES ('version', clock_timestamp()::text)
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"""
    )
