"""The embedded engine: a tantivy index in a directory. One writer at a time (tantivy holds a
lock file; a second writer waits for it), readers in every process."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import tantivy

from gongkai.search import text
from gongkai.search.engine import (
    EXACT_COUNT_LIMIT,
    Entry,
    Filters,
    Result,
    by_relevance_then_recency,
)

# The title's terms are written this many times before the body's: one field to search (half
# the postings of a title field beside a body field) with title hits ranked first.
TITLE_REPEAT = 3
WRITER_HEAP = 64_000_000
LOCK_WAIT_S = 30.0


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, fast=True, indexed=True)
    builder.add_text_field("text", tokenizer_name="whitespace")
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("doc_number", tokenizer_name="whitespace")  # the 文号's grams
    builder.add_text_field("agency", tokenizer_name="whitespace")  # the 发布机构's grams
    builder.add_unsigned_field("column", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("published", indexed=True, fast=True)
    return builder.build()


class TantivyEngine:
    name = "tantivy"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self._meta = self.path / "meta.json"
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, path=str(self.path))
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise
            # An index of an older layout: emptied here, so health reports it empty and the
            # daily task (or `gongkai reindex`) fills it again; searching never fails on it.
            self._empty_directory()
            self.index = tantivy.Index(self.schema, path=str(self.path))
        self._seen = self._stamp()
        self._version_file = self.path / "dictionary-version"
        self._latest_file = self.path / "latest-published"

    def _empty_directory(self) -> None:
        for child in self.path.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()

    def _latest(self) -> float:
        """The latest publication time ever indexed (a scheduled item's, if any is pending)."""
        try:
            return float(self._latest_file.read_text())
        except (FileNotFoundError, ValueError):
            return 0.0

    def note_latest(self, entries: list[Entry]) -> None:
        latest = max((e.published.timestamp() for e in entries), default=0.0)
        if latest > self._latest():
            self._latest_file.write_text(repr(latest))

    def uses_dictionary(self) -> bool:
        """True when the index was built with today's dictionary (see text.DICTIONARY_VERSION)."""
        try:
            return self._version_file.read_text() == text.DICTIONARY_VERSION
        except FileNotFoundError:
            return False

    def mark_dictionary(self) -> None:
        """Called after a full rebuild: every item now carries today's dictionary words."""
        self._version_file.write_text(text.DICTIONARY_VERSION)

    def current_dictionary(self) -> bool:
        return self.uses_dictionary()

    # --- writing -------------------------------------------------------------------------------

    def write(self, entries: list[Entry], removed: list[int], threads: int = 1) -> None:
        writer = self._writer(threads)
        try:
            gone = [*removed, *(e.id for e in entries)]
            if gone:  # by query: delete_documents_by_term takes a Python int as i64, not u64
                writer.delete_documents_by_query(
                    tantivy.Query.term_set_query(self.schema, "id", gone)
                )
            for entry in entries:
                writer.add_document(self.document(entry))
            self.note_latest(entries)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise

    def clear(self) -> None:
        self.mark_dictionary()  # an empty index is consistent with any dictionary
        self._latest_file.unlink(missing_ok=True)
        writer = self._writer(1)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()

    @staticmethod
    def document(entry: Entry, analysed: tuple[str, ...] | None = None) -> tantivy.Document:
        """`analysed` is `analyse(entry)`, computed elsewhere (in a process pool) for bulk loads."""
        fields = dict(zip(ANALYSED_FIELDS, analysed or analyse(entry), strict=True))
        doc = tantivy.Document()
        doc.add_unsigned("id", entry.id)
        for name, value in fields.items():
            doc.add_text(name, value)
        doc.add_unsigned("column", entry.column_id)
        doc.add_integer("year", entry.year)
        doc.add_integer("published", int(entry.published.timestamp()))
        return doc

    def bulk_writer(self, threads: int = 0) -> tantivy.IndexWriter:
        """For a full rebuild: the caller adds `document()`s, calls `note_latest`, commits."""
        return self._writer(threads, heap=WRITER_HEAP * 4)

    def _writer(self, threads: int, heap: int = WRITER_HEAP) -> tantivy.IndexWriter:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                return self.index.writer(heap, threads)
            except ValueError:  # another process holds the writer lock
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # --- reading -------------------------------------------------------------------------------

    def _stamp(self) -> tuple[int, int]:
        """Changes on every commit: tantivy replaces meta.json by a rename (a new inode)."""
        try:  # every public page asks (the page cache's key): no Path built each time
            found = self._meta.stat()
        except FileNotFoundError:
            return (0, 0)
        return (found.st_ino, found.st_mtime_ns)

    def _searcher(self) -> tantivy.Searcher:
        stamp = self._stamp()
        if stamp != self._seen:  # another process committed: see its work
            self.index.reload()
            self._seen = stamp
        return self.index.searcher()

    def version(self) -> str:
        inode, modified = self._stamp()
        return f"{inode}.{modified}"

    def count(self) -> int:
        return int(self._searcher().num_docs)

    def search(
        self, words: tuple[str, ...], filters: Filters, limit: int = 20, offset: int = 0
    ) -> Result:
        if not words and not filters.narrowing:
            return Result([], 0)
        whole = self.uses_dictionary()
        clauses = [(tantivy.Occur.Must, self._word(w, whole)) for w in words]
        clauses += [(tantivy.Occur.Must, q) for q in self._filters(filters)]
        if filters.visible_at is not None and filters.visible_at.timestamp() < self._latest():
            # Only while some indexed item is scheduled for later (the exclusion costs ~40%).
            later = tantivy.Query.range_query(
                self.schema,
                "published",
                tantivy.FieldType.Integer,
                lower_bound=int(filters.visible_at.timestamp()),
                include_lower=False,
                use_inverted_index=True,
            )
            clauses.append((tantivy.Occur.MustNot, later))
        # One word and no filter: the word's own query (a boolean wrapper costs ~30 % on broad
        # words, which are the slow ones).
        only = len(clauses) == 1 and clauses[0][0] == tantivy.Occur.Must
        query = clauses[0][1] if only else tantivy.Query.boolean_query(clauses)
        searcher = self._searcher()
        if not words:  # filters only: the newest matches
            newest = searcher.search(query, limit, order_by_field="published", offset=offset)
            addresses = [address for _, address in newest.hits]
            newest_ids = [int(i or 0) for i in searcher.fast_field_values("id", addresses)]
            return Result(newest_ids, int(newest.count))  # type: ignore[attr-defined]
        window = offset + limit
        # A lone term's document frequency is its count (deleted items included until a merge,
        # hence an estimate). Beyond the exact limit that spares counting every hit, and the
        # top-k pass without a count can skip blocks that cannot compete (twice as fast).
        broad = self._term_frequency(searcher, words[0], whole) if only else 0
        estimated = broad > EXACT_COUNT_LIMIT
        found = searcher.search(query, limit=window + 50, count=not estimated)
        addresses = [address for _, address in found.hits]
        ids = searcher.fast_field_values("id", addresses)
        published = searcher.fast_field_values("published", addresses)
        scored = [
            (float(score), int(stamp or 0), int(item_id or 0))
            for (score, _), stamp, item_id in zip(found.hits, published, ids, strict=True)
        ]
        page = by_relevance_then_recency(scored, limit, offset)
        if estimated:
            return Result(page, broad, estimated=True)
        total = int(found.count)  # type: ignore[attr-defined]  # set when count=True; not in the stubs
        return Result(page, total)

    def _term_frequency(self, searcher: tantivy.Searcher, word: str, whole: bool) -> int:
        """Items holding the word when it is a single index term, else 0 (unknown)."""
        field = _field(word, whole)
        term = _single_term(field, word)
        return int(searcher.doc_freq(field, term)) if term else 0

    def _word(self, word: str, whole: bool) -> tantivy.Query:
        match = self._match(_field(word, whole), word)
        key = text.anchor(word) if whole else None  # the index holds anchors when current
        if key is None:
            return match
        # The 文号 number's one rare term narrows the phrase's candidates; scored as nothing,
        # so the ranking is the phrase's.
        narrowing = tantivy.Query.term_query(self.schema, "words", key)
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.const_score_query(narrowing, 0.0)),
                (tantivy.Occur.Must, match),
            ]
        )

    def _match(self, field: str, word: str) -> tantivy.Query:
        term = _single_term(field, word)
        if term:
            return tantivy.Query.term_query(self.schema, field, term)
        if len(word) == 1:  # every occurrence starts a bigram or is a run's last character
            return tantivy.Query.regex_query(self.schema, field, _regex_literal(word) + ".?")
        parts = text.word_grams(word)
        return tantivy.Query.phrase_query(self.schema, field, [(o, g) for g, o in parts])

    def _filters(self, filters: Filters) -> list[tantivy.Query]:
        out: list[tantivy.Query] = []
        if filters.column_ids:
            out.append(
                tantivy.Query.term_set_query(self.schema, "column", list(filters.column_ids))
            )
        if filters.year is not None:
            out.append(tantivy.Query.term_query(self.schema, "year", filters.year))
        for run in filters.agency_runs:
            out.append(self._match("agency", run))
        for run in filters.doc_runs:
            out.append(self._match("doc_number", run))
        return out


ANALYSED_FIELDS = ("text", "words", "doc_number", "agency")


def analyse(entry: Entry) -> tuple[str, ...]:
    """The text fields' terms, space-separated, in ANALYSED_FIELDS order (the costly part)."""
    title = " ".join(text.grams(entry.heading))
    title_words = " ".join(text.dictionary_words(entry.heading))
    gap = f" {text.BREAK} "
    body = entry.searchable
    return (
        gap.join([*([title] * TITLE_REPEAT if title else []), " ".join(text.grams(body))]),
        " ".join(
            [
                *([title_words] * TITLE_REPEAT),
                *text.dictionary_words(body),
                *text.anchors(f"{entry.heading}\n{body}"),
            ]
        ),
        " ".join(text.grams(entry.doc_number)),
        " ".join(text.grams(entry.agency)),
    )


def _field(word: str, whole: bool) -> str:
    """Dictionary words are indexed whole (when the index was built with this dictionary)."""
    return "words" if whole and text.in_dictionary(word) else "text"


def _single_term(field: str, word: str) -> str | None:
    """The one index term that finds `word`, if there is one."""
    if field == "words":
        return word
    parts = text.word_grams(word) if len(word) > 1 else []
    return parts[0][0] if len(parts) == 1 else None


def _regex_literal(char: str) -> str:
    return "\\" + char if not char.isalnum() else char
