"""What every reader produces: the document as a sequence of lines and grids.

Readers only know their format (bytes, encodings, merged cells, page geometry); everything
that knows the report template works on these blocks, whatever the file was.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """A line of the document outside any detected table.

    `raw` keeps the spacing as read (fixed-width tables are split on it); `cells` holds the
    cells of a tab-separated line; `cont` says the line continues the previous line's paragraph
    (a wrapped line in a PDF or a hard-wrapped text file).
    """

    raw: str
    cells: tuple[str, ...] | None = None
    cont: bool = False
    heading: bool = False  # marked as a heading by the format (<h2>, Word heading style, #)


@dataclass(frozen=True)
class Table:
    """A table as a grid: one list per row; None marks a position covered by a merged cell."""

    rows: tuple[tuple[str | None, ...], ...] = field(default=())


Block = Line | Table
