"""Whether a document stops short of a report's end (or begins after its start), and in which
part.

Copies of report pages are often cut off — a web page's text copied only in part, a download
that ended early — mid-table or mid-sentence. Such a text is not a report with missing sections:
the parts after the cut are simply not there to check. A text is cut off when it ends in a
table that is not complete (Table 三 without its 四、结转 row, Table 四 without all fifteen
numbers, Table 二 without its 收费 row), on a heading, in the middle of a sentence (no closing
punctuation, and not a signature or a date), or in a broken character.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from gongkai.reports import tables
from gongkai.reports.parse import normalize, sections
from gongkai.reports.parse.blocks import Block, Line, Table
from gongkai.reports.parse.text import is_page_number

_CLOSED = tuple("。！？!?；;）)”’》」』…")
_SIGNATURE = re.compile(
    r"(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$"
    r"|(?:政府|办公室|办公厅|局|委员会|管委会|办事处|中心|厅|委|院|镇|乡|街道|公司|所|站)$"
)
_TABLE_PARTS = {"proactive", "applications", "disputes"}


def cut_part(blocks: list[Block], outline: sections.Outline, cells: Mapping[str, object]) -> str:
    """The part (tables.PARTS) the text stops in when it stops short; "" when it ends whole."""
    last = _last_content(blocks)
    if last is None:
        return ""
    reached = reached_part(outline, cells)
    if isinstance(last, Table) or (isinstance(last, Line) and last.cells is not None):
        return _open_table(reached, cells)
    text = normalize.inline(last.raw)
    if text.endswith("\ufffd"):
        return reached or "overview"
    if sections.heading_of(text) is not None:
        return sections.heading_of(text) or ""
    if normalize.is_value(text.split()[-1] if text.split() else text):
        return _open_table(reached, cells)  # one cell per line: the last cell of a table
    if text.endswith(_CLOSED) or _SIGNATURE.search(text):
        return ""
    if reached in _TABLE_PARTS and _open_table(reached, cells):
        return reached  # a label or header of a table it did not finish
    return reached or "overview"


def _last_content(blocks: list[Block]) -> Block | None:
    for block in reversed(blocks):
        if isinstance(block, Table):
            if any(c for row in block.rows for c in row if c):
                return block
            continue
        text = normalize.inline(block.raw)
        if text and not is_page_number(text) and not sections.is_furniture(text):
            return block
    return None


def reached_part(outline: sections.Outline, cells: Mapping[str, object]) -> str:
    found = set(outline.found)
    prefixes = {key.split(".")[0] for key in cells}
    if prefixes & {"proactive", "proactive_2019"}:
        found.add("proactive")
    for part in ("applications", "disputes"):
        if part in prefixes:
            found.add(part)
    positions = [tables.PARTS.index(p) for p in found if p in tables.PARTS]
    return tables.PARTS[max(positions)] if positions else ""


def _open_table(reached: str, cells: Mapping[str, object]) -> str:
    """The table part the text is in, if that table is not complete."""
    if reached == "disputes":
        complete = all(k in cells for k in tables.DISPUTE_KEYS)
    elif reached == "applications":
        complete = tables.t3_key("carried_out", "total") in cells
    elif reached == "proactive":
        complete = "proactive.fees.amount" in cells or any(
            k.startswith("proactive_2019.procurement.") for k in cells
        )
    else:
        return reached if reached not in ("problems", "other") else ""
    return "" if complete else reached


def start_part(outline: sections.Outline, cells: Mapping[str, object]) -> str:
    """The part the text begins in when it begins mid-report — no 总体情况 and no opening
    paragraph before the first later part (a page of a flip-book); "" when it begins as a
    report begins."""
    if "overview" in outline.found or any("。" in p for p in outline.preamble):
        return ""
    parts = set(outline.found)
    prefixes = {key.split(".")[0] for key in cells}
    if prefixes & {"proactive", "proactive_2019"}:
        parts.add("proactive")
    parts |= prefixes & {"applications", "disputes"}
    positions = [tables.PARTS.index(p) for p in parts if p in tables.PARTS]
    first = min(positions, default=0)
    return tables.PARTS[first] if first > 0 else ""
