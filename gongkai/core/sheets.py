"""The rows of a spreadsheet a user uploads (the register, the normative-document register, the
Article 20 figures, the new-media counts): CSV or XLSX, read in a bounded worker (core.bounded)
after the XLSX package has been checked (core.containers), so that a zip bomb or a 600 MB sheet
is refused with a reason instead of taking the web process with it. No Django."""

from __future__ import annotations

import io
from typing import Any

from gongkai.core import bounded, containers, csvfile

Rows = list[tuple[Any, ...]]


def rows(content: bytes, filename: str, max_rows: int) -> Rows:
    """At most `max_rows` + 1 rows (the caller says "too many" when it gets more than it
    takes); ValueError (Chinese) for a file that cannot be read."""
    try:
        result: Rows = bounded.run("gongkai.core.sheets:read", content, filename, max_rows + 1)
    except bounded.Overrun as exc:
        raise ValueError(exc.reason) from None
    return result


def read(content: bytes, filename: str, limit: int) -> Rows:
    """The first `limit` rows, read here (in the worker)."""
    if filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        return _xlsx(content, limit)
    out: Rows = []
    for row in csvfile.rows(content):
        out.append(tuple(row))
        if len(out) >= limit:
            break
    return out


def _xlsx(content: bytes, limit: int) -> Rows:
    import openpyxl

    try:
        containers.zip_package(content, "xl/workbook.xml", "Excel ").close()
    except containers.ContainerError as exc:
        raise ValueError(exc.reason) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        out: Rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            out.append(tuple(row))
            if len(out) >= limit:
                break
        return out
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ValueError("Excel 文件已损坏或不是 .xlsx 格式") from exc
