"""What both engines index and answer, so the web pages, the reindex command and the benchmark
speak to either through the same few types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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


@dataclass(frozen=True)
class Filters:
    column_ids: tuple[int, ...] = ()
    year: int | None = None
    agency: str = ""
    doc_number: str = ""
    visible_at: datetime | None = None  # hide items published after this moment


@dataclass(frozen=True)
class Result:
    ids: list[int]  # the page of hits, best first (relevance, then newer first)
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
