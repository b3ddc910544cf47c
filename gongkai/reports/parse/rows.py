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
    glued: bool = False  # one run of digits that held all the row's cells (separators lost)


GLUED_DIGITS = 7
# A sentence, or a count written the way prose writes it (「34 件」): no template label does that.
_PROSE = re.compile(r"[。；！？]|\d\s*(?:件|条|个|次|期|人|元|%|年)")


def extract(blocks: list[Block]) -> list[Row]:
    rows: list[Row] = []
    for block in blocks:
        if isinstance(block, Table):
            rows.extend(_grid_row(cells) for cells in block.rows)
        elif flat := _flat_rows(block):
            rows.extend(flat)
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


_GLUED_TAIL = re.compile(rf"^(?P<label>.*\D)(?P<digits>\d{{{GLUED_DIGITS},}})$")


def _line_row(line: Line) -> Row:
    tokens = list(line.cells) if line.cells is not None else line.raw.split()
    while tokens and not tokens[-1]:
        tokens.pop()
    tail = _GLUED_TAIL.match(tokens[-1]) if tokens and line.cells is None else None
    if tail and not normalize.is_value(tokens[-1]):  # 「…尚未审结总计21317000001324019」
        tokens[-1:] = [tail.group("label"), tail.group("digits")]
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
    # One number of seven digits or more is no count of applications: cells run together.
    glued = len(values) == 1 and values[0].isdigit() and len(values[0]) >= GLUED_DIGITS
    return Row(
        normalize.label(label), tuple(values), normalize.inline(quote), grid=False, glued=glued
    )


# A table flattened into running text, its separators gone (a page's text version):
# 「…现行有效件数规章 000行政规范性文件693665第二十条…」. Cut before each run of digits: the text
# before a run is a label, the run its row's numbers. An item number glued to the digits before
# it (「00000002.其他法律…」) belongs to the label after.
_FLAT_VALUES = re.compile(r"-?\d[\d\s]*(?:\.\d+)?(?:万元|元)?")
_ITEM_AFTER = re.compile(r"^[.．、]\s*[\u4e00-\u9fff]")
_HEADER_WORDS = re.compile(
    r".*(?:件数|数量|金额|\(单位:万元\)|（单位：万元）|信息内容|第二十条第\S{1,6}项)"
)
_FLAT_PROSE = re.compile(r"[。；！？]|\d\s*(?:件|条|次|期|人|%)")
_FLAT_MIN = 80  # a table row of the template is shorter; a flattened table is much longer
_FLAT_LABELS = 3


def _flat_rows(line: Line) -> list[Row] | None:
    text = line.raw
    if line.cells is not None or len(text) < _FLAT_MIN or _FLAT_PROSE.search(text):
        return None
    cuts: list[tuple[int, int]] = []
    for match in _FLAT_VALUES.finditer(text):
        start, end = match.span()
        value = match.group().rstrip()
        end = start + len(value)
        if _ITEM_AFTER.match(text[end:]):  # the last digit is the next label's item number
            end -= 1
            value = value[:-1]
            if not value.strip():
                continue
        if (start > 0 and text[start - 1] in "第（(") or text[end : end + 1] in ("年", "项", "号"):
            continue  # 第2项, 2021年: words, not values
        cuts.append((start, end))
    if len(cuts) < _FLAT_LABELS:
        return None
    merged: list[tuple[int, int, int]] = []  # (label start, values start, values end)
    position = 0
    for start, end in cuts:
        if merged and not text[position:start].strip():
            merged[-1] = (merged[-1][0], merged[-1][1], end)  # 2648-185: two values, one row
        else:
            merged.append((position, start, end))
        position = end
    rows: list[Row] = []
    for position, start, end in merged:
        label = _HEADER_WORDS.sub("", text[position:start]).strip() or text[position:start]
        raw = text[start:end].strip()
        tokens = re.findall(r"-?\d[\d.]*(?:万元|元)?|\S+", raw)
        # Spaces a page's text version leaves here and there inside a row (「23 0 00 0 023」)
        # do not separate cells: a "number" with a leading zero shows it. Read it as one run.
        unreliable = any(len(t) > 1 and t[0] == "0" for t in tokens)
        glued = (
            len(tokens) == 1
            or unreliable
            or (len(tokens) == 2 and len(tokens[0]) + len(tokens[1]) > 6)
        )
        values = ("".join(tokens),) if glued else tuple(tokens)
        glued = glued and values[0].isdigit() and len(values[0]) > 1
        rows.append(
            Row(
                normalize.label(label),
                values,
                normalize.inline(text[position:end]),
                grid=False,
                glued=glued,
            )
        )
    labelled = sum(1 for row in rows if row.label)
    return rows if labelled >= _FLAT_LABELS else None
