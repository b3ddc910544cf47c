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


def counts(spans: Iterable[Span], year: int) -> dict[str, YearCounts]:
    """Per kind. A document that left force on 31 December is not in force at the year's end;
    repealed and expired both count as 本年废止, so in_force(Y) = in_force(Y-1) + issued - repealed."""
    out: dict[str, list[int]] = {"regulations": [0, 0, 0], "normative_documents": [0, 0, 0]}
    year_end = date(year, 12, 31)
    for span in spans:
        row = out.setdefault(span.kind, [0, 0, 0])
        if span.issued_on.year == year:
            row[0] += 1
        if span.ended_on is not None and span.ended_on.year == year:
            row[1] += 1
        if span.issued_on <= year_end and (span.ended_on is None or span.ended_on > year_end):
            row[2] += 1
    return {kind: YearCounts(*values) for kind, values in out.items()}
