"""Which row is which: walk the rows in document order and pick out the template's rows.

Context that a label alone does not carry is followed as the walk goes: the outcome group of
Table 三 (a merged cell printed once, possibly on the previous page) and the Table 四 header.
A line of bare numbers (fixed-width text from a PDF puts a row's numbers between the halves of
its wrapped label) takes the label fragments just before it, or failing that just after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.reports.parse import labels
from gongkai.reports.parse.rows import Row

T4 = "T4"


@dataclass(frozen=True)
class Found:
    table: str  # "T2", "T3" or "T4"
    key: str  # T2 item key, T3 row key, or "T4"
    row: Row


@dataclass
class Walk:
    found: dict[tuple[str, str], Found] = field(default_factory=dict)
    duplicates: list[Found] = field(default_factory=list)
    all_labels: str = ""


def walk(rows: list[Row]) -> Walk:
    result = Walk()
    group: str | None = None
    header = ""  # recent label-only text, to see the Table 四 header across lines and cells
    t4_armed = False
    fragments: list[int] = []  # label-only rows since the last row of numbers
    consumed: set[int] = set()
    label_parts: list[str] = []
    in_t2 = in_t3 = False
    blank: dict[tuple[str, str], Row] = {}  # template rows printed with no number at all
    for i, row in enumerate(rows):
        label_parts.append(row.label)
        if not row.values:
            group = labels.t3_group(row.label) or group
            header = (header + row.label)[-120:]
            t4_armed = t4_armed or labels.is_t4_header(header)
            in_t2 = in_t2 or "第二十条" in row.label
            in_t3 = in_t3 or labels.is_t3_header(row.label)
            named = _identify(row.label, group)
            headed = ((named or ("", ""))[0] == "T2" and in_t2) or (
                (named or ("", ""))[0] == "T3" and in_t3 and len(row.label) > 4  # not 总计 alone
            )
            if named and headed:
                blank.setdefault(named, row)
            if i not in consumed:
                fragments.append(i)
            continue
        t4_here = labels.is_t4_header(row.label)  # header and numbers run together
        wide = len(row.values) >= 5 or row.glued
        if (t4_armed or t4_here) and wide and _identify(row.label, group) is None:
            _record(result, Found("T4", T4, row))
            t4_armed, header, fragments = False, "", []
            continue
        found = _identify(row.label, group)
        if found is None and not row.grid:
            found = _from_neighbours(rows, i, fragments, consumed, group, result)
        if found is not None:
            table, key = found
            _record(result, Found(table, key, row))
            if table == "T3" and "." in key:
                group = key.split(".")[0]
        fragments = []
        header = ""
    # A row whose label stands inside its table with no number ever given for it (a table
    # printed blank, its empty cells lost when copied as text): its cells are blank, not absent.
    for slot, row in blank.items():
        if slot not in result.found:
            result.found[slot] = Found(slot[0], slot[1], row)
    result.all_labels = "".join(label_parts)
    return result


def _identify(label: str, group: str | None) -> tuple[str, str] | None:
    if not label:
        return None
    key = labels.t3_row(label, group)
    if key:
        return "T3", key
    item = labels.t2_item(label)
    if item:
        return "T2", item
    return None


def _from_neighbours(
    rows: list[Row],
    index: int,
    fragments: list[int],
    consumed: set[int],
    group: str | None,
    result: Walk,
) -> tuple[str, str] | None:
    """The label of a row of bare numbers: the fragments closest before it, else after it."""
    before = [j for j in fragments if j not in consumed]
    for n in range(1, len(before) + 1):
        found = _identify("".join(rows[j].label for j in before[-n:]) + rows[index].label, group)
        if found and found not in result.found:
            return found
    after: list[int] = []
    for j in range(index + 1, min(index + 6, len(rows))):
        if rows[j].values:
            break
        after.append(j)
        found = _identify("".join(rows[k].label for k in after), group)
        if found and found not in result.found:
            consumed.update(after)
            return found
    return None


def _record(result: Walk, found: Found) -> None:
    slot = (found.table, found.key)
    if slot in result.found:
        result.duplicates.append(found)
    else:
        result.found[slot] = found
