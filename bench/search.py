"""Chinese full-text search at scale: both engines side by side with a LIKE scan.

    .venv/bin/python bench/search.py --docs 10000
    .venv/bin/python bench/search.py --docs 1000000

Generates N realistic items (gongkai.publishing.samples), indexes them with tantivy (files in a
temporary directory) and in PostgreSQL (GIN, in a database `gongkai_bench` on
$BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres), then runs 200 mixed
1–3-word queries and 40 文号 queries (whole, part, in every bracket and width: 洛开管〔2021〕57号,
洛开管[2021]57号, 洛开管（２０２１）５７号, 洛开管 2021 57号, 〔2021〕57号, 洛开管...) through the code
the platform uses (parse, top 20 + total). For each engine it prints build time, index size and
p50/p95 latency; beside it a naive `LIKE '%word%'` scan of the same data (SQLite for tantivy,
PostgreSQL for PostgreSQL) and the ratio of the p95s; and recall: documents found ÷ documents
containing every query word (the LIKE result over the same normalised text the engines index:
text.normalise of the title, 文号, body and 发布机构), summed over queries. The 文号 queries' p95
and recall are printed apart too, and the time of a listing by filters alone (文号, 发布机构, year).

The last line is `RESULT tantivy_p95_ms=<n> postgres_p95_ms=<n> tantivy_recall=<r>
postgres_recall=<r> docs=<n>`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from gongkai.publishing.samples import COLUMN_KINDS, Sampler  # noqa: E402
from gongkai.search import postgres_engine, text  # noqa: E402
from gongkai.search.engine import Entry, Filters  # noqa: E402
from gongkai.search.tantivy_engine import TantivyEngine, analyse  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "gongkai_bench")
LIKE_SAMPLE = 40  # LIKE latency on this many queries (each scans every row)


def entries(count: int) -> list[Entry]:
    """Items in the order a site publishes them (rows are written over time, oldest first)."""
    sampler = Sampler()
    out = []
    ordered = sorted(sampler.items(count), key=lambda item: item.published)
    for number, item in enumerate(ordered, start=1):
        out.append(
            Entry(
                id=number,
                title=item.title,
                text=item.body,
                column_id=COLUMN_KINDS.index(item.kind) + 1,
                year=item.published.year,
                agency=item.unit,
                doc_number=item.doc_number,
                published=item.published.replace(tzinfo=UTC),
            )
        )
    return out


def doc_number_queries(count: int = 40) -> list[str]:
    """文号 as readers type them: whole, part, in any brackets and widths (the samples' 文号 are
    洛开管〔2021〕N号, N from 1 to 300)."""
    wide = str.maketrans("0123456789()[]", "０１２３４５６７８９（）［］")
    shapes = [
        "洛开管〔2021〕{n}号",
        "洛开管[2021]{n}号",
        "洛开管(2021){n}号",
        "洛开管（2021）{n}号".translate(wide),
        "洛开管【2021】{n}号",
        "洛开管 2021 {n}号",
        "洛开管2021年{n}号",
        "〔2021〕{n}号",
        "2021〕{n}号",
        "洛开管〔2021〕{n}号 通知",
    ]
    parts = ["洛开管", "洛开管〔2021〕", "洛开管 2021"]
    out = []
    for i in range(count):
        n = 1 + (i * 37) % 300
        shape = shapes[i % len(shapes)]
        out.append(parts[i // len(shapes) % len(parts)] if i % 13 == 12 else shape.format(n=n))
    return [q.translate(wide) if "（" in q else q for q in out]


def searchable(entry: Entry) -> str:
    """What the engines match against, as they normalise it (the truth for recall)."""
    return text.normalise(entry.heading) + "\n" + text.normalise(entry.searchable)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_tantivy(
    items: list[Entry], folder: Path, pool: multiprocessing.pool.Pool
) -> tuple[TantivyEngine, float]:
    started = time.perf_counter()
    engine = TantivyEngine(folder)
    writer = engine.bulk_writer(threads=2)
    for entry, analysed in zip(items, pool.imap(analyse, items, chunksize=2000), strict=True):
        writer.add_document(engine.document(entry, analysed))
    engine.note_latest(items)
    writer.commit()
    writer.wait_merging_threads()
    engine.mark_dictionary()
    engine.index.reload()
    return engine, time.perf_counter() - started


def pg_url(database: str) -> str:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    return base.rsplit("/", 1)[0] + "/" + database


def build_postgres(
    items: list[Entry], pool: multiprocessing.pool.Pool
) -> tuple[psycopg.Connection, float, int]:
    with psycopg.connect(pg_url("postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    conn = psycopg.connect(pg_url(BENCH_DB), autocommit=True)
    conn.execute("CREATE TABLE items (id bigint PRIMARY KEY, content text NOT NULL)")
    with conn.cursor().copy("COPY items (id, content) FROM STDIN") as copy:
        for e in items:
            copy.write_row((e.id, searchable(e)))
    conn.execute("VACUUM ANALYZE items")
    started = time.perf_counter()
    pe = postgres_engine
    for sql in pe.SCHEMA_SQL:
        if "INDEX" not in sql:
            conn.execute(sql)
    with conn.cursor().copy(f"COPY {pe.TABLE} ({pe.COLUMNS}) FROM STDIN") as copy:
        for values in pool.imap(pe.entry_row, items, chunksize=2000):
            copy.write_row(values)
    with conn.cursor().copy(f"COPY {pe.TEXT_TABLE} ({pe.TEXT_COLUMNS}) FROM STDIN") as copy:
        for entry in items:
            copy.write_row(pe.text_row(entry))
    conn.execute("SET maintenance_work_mem = '1GB'")
    for sql in postgres_engine.SCHEMA_SQL:
        if "INDEX" in sql:
            conn.execute(sql)
    conn.execute(f"VACUUM ANALYZE {pe.TABLE}")
    conn.execute(f"VACUUM ANALYZE {pe.TEXT_TABLE}")
    pe.PostgresEngine(conn.cursor).mark_dictionary()
    built = time.perf_counter() - started
    size = conn.execute(
        f"SELECT pg_total_relation_size('{pe.TABLE}') + pg_total_relation_size('{pe.TEXT_TABLE}')"
    ).fetchone()[0]
    return conn, built, int(size)


def like_sqlite(items: list[Entry], folder: Path) -> sqlite3.Connection:
    db = sqlite3.connect(folder / "like.sqlite3")
    db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, content TEXT NOT NULL)")
    db.executemany(
        "INSERT INTO items VALUES (?, ?)",
        ((e.id, searchable(e)) for e in items),
    )
    db.commit()
    return db


def like_sql(words: tuple[str, ...], param: str) -> str:
    return " AND ".join(f"content LIKE {param}" for _ in words)


def timed(fn, queries):  # type: ignore[no-untyped-def]
    fn(queries[0])  # warm
    times, results = [], []
    for q in queries:
        started = time.perf_counter()
        results.append(fn(q))
        times.append((time.perf_counter() - started) * 1000)
    return times, results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--doc-number-queries", type=int, default=40)
    args = parser.parse_args()

    sampler = Sampler()
    doc_queries = doc_number_queries(args.doc_number_queries)
    queries = sampler.queries(args.queries) + doc_queries
    is_doc = [False] * (len(queries) - len(doc_queries)) + [True] * len(doc_queries)
    parsed = [text.parse(q) for q in queries]
    started = time.perf_counter()
    items = entries(args.docs)
    print(f"generated {len(items):,} items in {time.perf_counter() - started:.1f} s")

    with tempfile.TemporaryDirectory() as tmp, multiprocessing.Pool(2) as pool:
        folder = Path(tmp)
        # The platform's code path: parse, then top 20 + total; as the search page asks, only
        # what is published by now. Each engine is timed right after its build, the other one
        # idle (PostgreSQL after a checkpoint, so its build's writes are not in the timings).
        engine, tantivy_build = build_tantivy(items, folder / "index", pool)
        tantivy_size = dir_size(folder / "index")
        print(f"tantivy: built in {tantivy_build:.1f} s, {tantivy_size / 2**20:.0f} MiB")
        t_times, t_results = timed(
            lambda q: engine.search(text.parse(q).words, _visible(), limit=20), queries
        )
        conn, pg_build, pg_size = build_postgres(items, pool)
        print(f"postgres: built in {pg_build:.1f} s, {pg_size / 2**20:.0f} MiB")
        conn.execute("CHECKPOINT")
        pg = postgres_engine.PostgresEngine(conn.cursor)
        p_times, p_results = timed(
            lambda q: pg.search(text.parse(q).words, _visible(), limit=20), queries
        )
        lite = like_sqlite(items, folder)
        del items
        # Filters alone (no words): the newest 20 matches and a count, as the search page lists.
        listings = [
            Filters(doc_number="洛开管〔2021〕57号"),
            Filters(doc_number="洛开管 2021"),
            Filters(agency="财政局"),
            Filters(year=2021),
            Filters(doc_number="〔2021〕5", agency="党政办公室"),
        ]
        listed = {
            "tantivy": timed(lambda f: engine.search((), _visible(f)), listings * 3)[0],
            "postgres": timed(lambda f: pg.search((), _visible(f)), listings * 3)[0],
        }

        # The LIKE scan gives both the baseline latency and the truth for recall.
        truth = []
        for query in parsed:
            words = query.words
            rows = (
                lite.execute(
                    f"SELECT id FROM items WHERE {like_sql(words, '?')}", [f"%{w}%" for w in words]
                ).fetchall()
                if words
                else []
            )
            truth.append({r[0] for r in rows})
        sample = queries[:: max(1, len(queries) // LIKE_SAMPLE)][:LIKE_SAMPLE]
        ls_times, _ = timed(lambda q: _like(lite, "?", text.parse(q).words), sample)
        lp_times, _ = timed(lambda q: _like(conn, "%s", text.parse(q).words, pg=True), sample)

        t_found = [_tantivy_ids(engine, q.words) for q in parsed]
        p_found = [_postgres_ids(pg, q.words) for q in parsed]

    def recall(found: list[set[int]], truths: list[set[int]] | None = None) -> float:
        truths = truth if truths is None else truths
        relevant = sum(len(t) for t in truths)
        return sum(len(f & t) for f, t in zip(found, truths, strict=True)) / max(relevant, 1)

    def line(name: str, times: list[float], build: float, size: int, like: list[float]) -> float:
        p95 = percentile(times, 0.95)
        print(
            f"{name:9} build {build:7.1f} s  size {size / 2**20:7.0f} MiB  "
            f"p50 {percentile(times, 0.5):8.1f} ms  p95 {p95:8.1f} ms  "
            f"LIKE p95 {percentile(like, 0.95):8.1f} ms  ratio {p95 / percentile(like, 0.95):.4f}"
        )
        return p95

    def doc_only(values: list) -> list:  # type: ignore[type-arg]
        return [v for v, doc in zip(values, is_doc, strict=True) if doc]

    exact_counts = sum(1 for r, t in zip(t_results, truth, strict=True) if r.total == len(t))
    print(f"queries: {len(queries)} (e.g. {', '.join(queries[:6])})")
    print(
        "hits per query (truth): median "
        f"{statistics.median(len(t) for t in truth):,.0f}, max {max(len(t) for t in truth):,}"
    )
    t95 = line("tantivy", t_times, tantivy_build, tantivy_size, ls_times)
    p95 = line("postgres", p_times, pg_build, pg_size, lp_times)
    estimated = sum(1 for r in p_results if r.estimated)
    print(f"tantivy totals equal to the LIKE count: {exact_counts}/{len(queries)}")
    print(f"postgres totals given as estimates (> 10,000 hits): {estimated}/{len(queries)}")
    t_recall, p_recall = recall(t_found), recall(p_found)
    print(f"recall: tantivy {t_recall:.4f}, postgres {p_recall:.4f}")
    if any(is_doc):
        doc_truth = doc_only(truth)
        print(
            f"文号 queries ({sum(is_doc)}): p95 tantivy {percentile(doc_only(t_times), 0.95):.1f} ms, "
            f"postgres {percentile(doc_only(p_times), 0.95):.1f} ms; recall tantivy "
            f"{recall(doc_only(t_found), doc_truth):.4f}, "
            f"postgres {recall(doc_only(p_found), doc_truth):.4f}; "
            f"hits per query (truth): median {statistics.median(len(t) for t in doc_truth):,.0f}"
        )
    for name, times in listed.items():
        print(
            f"filters alone ({name}): p50 {percentile(times, 0.5):.1f} ms, "
            f"p95 {percentile(times, 0.95):.1f} ms"
        )
    print(
        f"RESULT tantivy_p95_ms={t95:.1f} postgres_p95_ms={p95:.1f} "
        f"tantivy_recall={t_recall:.4f} postgres_recall={p_recall:.4f} docs={args.docs}"
    )


def _visible(filters: Filters | None = None) -> Filters:
    base = filters or Filters()
    return Filters(
        column_ids=base.column_ids,
        year=base.year,
        agency=base.agency,
        doc_number=base.doc_number,
        visible_at=datetime.now(UTC),
    )


def _like(db, param: str, words: tuple[str, ...], pg: bool = False) -> int:  # type: ignore[no-untyped-def]
    if not words:
        return 0
    sql = f"SELECT count(*) FROM items WHERE {like_sql(words, param)}"
    if pg:
        sql = sql.replace("content LIKE", "lower(content) LIKE")
    return db.execute(sql, [f"%{w}%" for w in words]).fetchone()[0]


def _tantivy_ids(engine: TantivyEngine, words: tuple[str, ...]) -> set[int]:
    if not words:
        return set()
    total = engine.search(words, Filters(), limit=1).total
    found = engine.search(words, Filters(), limit=max(total, 1))
    return set(found.ids)


def _postgres_ids(engine: postgres_engine.PostgresEngine, words: tuple[str, ...]) -> set[int]:
    return engine.matching_ids(words) if words else set()


if __name__ == "__main__":
    main()
