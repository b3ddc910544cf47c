"""Table 二's first block from the register of normative documents: for a year, how many were
issued, how many left force (废止 or 失效), and how many are in force at the year's end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Span:
    """One document's life: issued on, and the day it left force (None while in force)."""

    kind: str  # "regulations" (规章) or "normative_documents" (行政规范性文件)
    issued_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class YearCounts:
    issued: int
    repealed: int
    in_force: int


ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"  # Table 二's columns (cell keys)


def in_force(span: Span, on: date) -> bool:
    """Issued by `on` and not yet out of force that day: a document that left force on a day is
    no longer in force on it."""
    return span.issued_on <= on and (span.ended_on is None or span.ended_on > on)


def columns(span: Span, year: int) -> tuple[str, ...]:
    """The Table 二 columns the document counts in for the year: issued in it, left force in it
    (废止 and 失效 both count as 本年废止), in force at its end. The one statement of the rule:
    `counts` sums it, and the records behind a cell (annual.collect.sources) are chosen by it."""
    found: list[str] = []
    if span.issued_on.year == year:
        found.append(ISSUED)
    if span.ended_on is not None and span.ended_on.year == year:
        found.append(REPEALED)
    if in_force(span, date(year, 12, 31)):
        found.append(IN_FORCE)
    return tuple(found)


def counts(spans: Iterable[Span], year: int) -> dict[str, YearCounts]:
    """Per kind. A document that left force on 31 December is not in force at the year's end;
    repealed and expired both count as 本年废止, so in_force(Y) = in_force(Y-1) + issued - repealed."""
    out: dict[str, dict[str, int]] = {
        "regulations": dict.fromkeys((ISSUED, REPEALED, IN_FORCE), 0),
        "normative_documents": dict.fromkeys((ISSUED, REPEALED, IN_FORCE), 0),
    }
    for span in spans:
        row = out.setdefault(span.kind, dict.fromkeys((ISSUED, REPEALED, IN_FORCE), 0))
        for column in columns(span, year):
            row[column] += 1
    return {kind: YearCounts(**values) for kind, values in out.items()}
