"""What both engines index and answer, so the web pages, the reindex command and the benchmark
speak to either through the same few types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from gongkai.search import text
from gongkai.search.text import BREAK

# Beyond this many hits an engine may give an estimate (约N条), as large search engines do.
EXACT_COUNT_LIMIT = 10_000


@dataclass(frozen=True)
class Entry:
    """One published item as the index sees it."""

    id: int
    title: str
    text: str  # body and attachments' text
    column_id: int
    year: int
    agency: str
    doc_number: str
    published: datetime  # aware; an item scheduled for later stays hidden until then

    @property
    def heading(self) -> str:
        """What ranks as the title: the title and the 文号 (an item's own 文号 ranks it first)."""
        return f"{self.title} {BREAK} {self.doc_number}" if self.doc_number else self.title

    @property
    def searchable(self) -> str:
        """What else a keyword finds: the text and the 发布机构 (agency: one name a line)."""
        return f"{self.text}\n{self.agency}" if self.agency else self.text


@dataclass(frozen=True)
class Filters:
    """`agency` and `doc_number` match as substrings of the normalised names and 文号 (each run
    of the filter must occur: 高新区 党政办公室; 洛开管 2026, 〔2026〕99号)."""

    column_ids: tuple[int, ...] = ()
    year: int | None = None
    agency: str = ""
    doc_number: str = ""
    visible_at: datetime | None = None  # hide items published after this moment

    @property
    def narrowing(self) -> bool:
        """Any filter a reader chose (a search with only filters lists the newest matches)."""
        return bool(self.column_ids or self.year is not None or self.agency_runs or self.doc_runs)

    @property
    def agency_runs(self) -> list[str]:
        return text.runs(self.agency)

    @property
    def doc_runs(self) -> list[str]:
        return text.runs(self.doc_number)


@dataclass(frozen=True)
class Result:
    ids: list[int]  # the page of hits, best first (relevance, then newer first; no words: newest)
    total: int
    estimated: bool = False  # total is an estimate (more than EXACT_COUNT_LIMIT hits)


class Engine(Protocol):
    name: str

    def write(self, entries: list[Entry], removed: list[int]) -> None: ...

    def clear(self) -> None: ...

    def mark_dictionary(self) -> None: ...

    def current_dictionary(self) -> bool: ...

    def version(self) -> str: ...

    def search(
        self, words: tuple[str, ...], filters: Filters, limit: int = 20, offset: int = 0
    ) -> Result: ...

    def count(self) -> int: ...


def by_relevance_then_recency(
    scored: list[tuple[float, int, int]], limit: int, offset: int
) -> list[int]:
    """(score, published seconds, id) → ids, best score first, ties broken by the newer item."""
    ordered = sorted(scored, key=lambda s: (-round(s[0], 6), -s[1], -s[2]))
    return [item_id for _, _, item_id in ordered[offset : offset + limit]]
