"""The PostgreSQL engine's tables and what an item's rows hold (see postgres_engine): the
schema, the normalised text the LIKE checks run on and the marked terms of the GIN index."""

from __future__ import annotations

from gongkai.search import text
from gongkai.search.engine import Entry

TABLE = "search_entry"
TEXT_TABLE = "search_text"
TITLE_MARK = "^"  # a title term: "^" + a bigram or dictionary word (never a term of the text)
DOC_MARK = "#"  # a term of the 文号 (for its filter)
AGENCY_MARK = "@"  # a term of the 发布机构's names (for its filter)
MARKS = TITLE_MARK + DOC_MARK + AGENCY_MARK

SCHEMA_SQL = (
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY,
        column_id integer NOT NULL,
        year integer NOT NULL,
        agency text NOT NULL,
        doc_number text NOT NULL,
        published timestamptz NOT NULL,
        content text NOT NULL,
        terms tsvector NOT NULL) WITH (toast_tuple_target = 128)""",
    # A row longer than 2 kB (the text makes nearly every row that) is toasted down to the low
    # target: the terms and the text go out of line, the short fields stay in the row.
    f"ALTER TABLE {TABLE} ALTER COLUMN agency SET STORAGE MAIN",
    f"ALTER TABLE {TABLE} ALTER COLUMN doc_number SET STORAGE MAIN",
    # The plan needs how common each term is, rare ones included: ANALYZE keeps up to ten times
    # this many most-common elements (the default, 100, only knows terms in more than ~4%).
    f"ALTER TABLE {TABLE} ALTER COLUMN terms SET STATISTICS 10000",
    f"""CREATE TABLE IF NOT EXISTS {TEXT_TABLE} (
        id bigint PRIMARY KEY,
        column_id integer NOT NULL,
        year integer NOT NULL,
        agency text NOT NULL,
        doc_number text NOT NULL,
        published timestamptz NOT NULL,
        content text NOT NULL)""",
    # Compressed in the row rather than out of line: a walk reads pages, not TOAST lookups.
    f"ALTER TABLE {TEXT_TABLE} ALTER COLUMN content SET STORAGE MAIN",
    # Updated in place on publish: no pending list for every search to scan.
    f"CREATE INDEX IF NOT EXISTS {TABLE}_terms ON {TABLE} USING gin (terms) WITH (fastupdate = off)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_published ON {TABLE} (published DESC)",
    f"CREATE INDEX IF NOT EXISTS {TEXT_TABLE}_published ON {TEXT_TABLE} (published DESC)",
    f"CREATE TABLE IF NOT EXISTS {TABLE}_meta (key text PRIMARY KEY, value text NOT NULL)",
)
DROP_SQL = tuple(f"DROP TABLE IF EXISTS {t}" for t in (TABLE, TEXT_TABLE, f"{TABLE}_meta"))

FILTER_COLUMNS = "id, column_id, year, agency, doc_number, published"
COLUMNS = f"{FILTER_COLUMNS}, content, terms"
TEXT_COLUMNS = f"{FILTER_COLUMNS}, content"


def content(entry: Entry) -> str:
    """The normalised text the LIKE checks run on: the heading (title and 文号) on the first
    line, then the text and the 发布机构."""
    return text.normalise(entry.heading) + "\n" + text.normalise(entry.searchable)


def terms(entry: Entry) -> str:
    """A tsvector literal: each distinct term of the item once, its heading's terms marked, and
    its 文号's and 发布机构's bigrams marked for their filters. Matching needs only presence (the
    text decides the rest), so no positions."""
    title = _terms(entry.heading)
    found = dict.fromkeys(
        [
            *title,
            *_terms(entry.searchable),
            *(TITLE_MARK + t for t in title),
            *(DOC_MARK + t for t in text.grams(entry.doc_number) if t != text.BREAK),
            *(AGENCY_MARK + t for t in text.grams(entry.agency) if t != text.BREAK),
        ]
    )
    return " ".join(quote(term) for term in found)


def _terms(source: str) -> list[str]:
    found = [*text.grams(source), *text.dictionary_words(source), *text.anchors(source)]
    return [t for t in found if t != text.BREAK]


def quote(term: str) -> str:
    """A term as a tsvector or tsquery literal."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _fields(entry: Entry) -> tuple[object, ...]:
    agency, number = text.normalise(entry.agency), text.normalise(entry.doc_number)
    return (entry.id, entry.column_id, entry.year, agency, number, entry.published)


def entry_row(entry: Entry) -> tuple[object, ...]:
    """The item's row in TABLE (COLUMNS)."""
    return (*_fields(entry), content(entry), terms(entry))


def text_row(entry: Entry) -> tuple[object, ...]:
    """The item's row in TEXT_TABLE (TEXT_COLUMNS)."""
    return (*_fields(entry), content(entry))
