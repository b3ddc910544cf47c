"""From blocks to rows: each row a label and the value cells that follow it.

Two kinds of input give two rules. A grid (HTML, Word, PDF ruling, pipe table) knows its cells:
an empty cell among the values is a blank value. A line of text (tab-separated or fixed-width)
does not: the empty tabs between a label and its first number are layout, not blanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gongkai.reports.parse import normalize
from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.errors import MAX_TABLE_ROWS, UnreadableDocument


@dataclass(frozen=True)
class Row:
    label: str  # normalised label text (normalize.label); "" for a row of bare numbers
    values: tuple[str, ...]  # the value cells as written; "" is a blank cell
    quote: str  # the row as written, for messages
    grid: bool  # from a grid: its cells are known
    run: bool = False  # numbers gathered from consecutive one-number lines


# A sentence, or a count written the way prose writes it (「34 件」): no template label does that.
_PROSE = re.compile(r"[。；！？]|\d\s*(?:件|条|个|次|期|人|元|%|年)")


def extract(blocks: list[Block]) -> list[Row]:
    rows: list[Row] = []
    for block in blocks:
        if isinstance(block, Table):
            rows.extend(_grid_row(cells) for cells in block.rows)
        else:
            row = _line_row(block)
            previous = rows[-1] if rows else None
            if previous is not None and previous.run and _lone_number(row):
                # one cell per line (copied from a web table): the numbers of a row, in order
                rows[-1] = replace(
                    previous,
                    values=previous.values + row.values,
                    quote=f"{previous.quote} {row.quote}",
                )
            else:
                rows.append(replace(row, run=True) if _lone_number(row) else row)
        if len(rows) > MAX_TABLE_ROWS * 5:
            raise UnreadableDocument("文档中的表格行数过多，超出年度报告的合理范围")
    return rows


def _lone_number(row: Row) -> bool:
    return not row.grid and not row.label and len(row.values) == 1


def _grid_row(cells: tuple[str | None, ...]) -> Row:
    present = [normalize.inline(c) if c else c for c in cells if c is not None]
    last_text = max(
        (i for i, c in enumerate(present) if c and not normalize.is_value(c)), default=-1
    )
    label = "".join(c for c in present[: last_text + 1] if c)
    quote = " | ".join(c for c in present if c)
    return Row(normalize.label(label), tuple(present[last_text + 1 :]), quote, grid=True)


def _line_row(line: Line) -> Row:
    tokens = list(line.cells) if line.cells is not None else line.raw.split()
    while tokens and not tokens[-1]:
        tokens.pop()
    start = len(tokens)
    while start > 0 and normalize.is_value(tokens[start - 1]):
        start -= 1
    values = tokens[start:]
    while values and not values[0]:
        values.pop(0)  # empty tabs between a label and its first number are layout
    label = " ".join(tokens[:start])
    if _PROSE.search(label):
        return Row("", (), normalize.inline(line.raw), grid=False)  # prose, not a table row
    quote = " ".join(t for t in tokens if t) if line.cells is not None else line.raw.strip()
    return Row(normalize.label(label), tuple(values), normalize.inline(quote), grid=False)
