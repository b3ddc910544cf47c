"""CSV files as offices save them: UTF-8 (with or without BOM) from WPS or a script, GBK from
Excel on a Chinese Windows. Text that a spreadsheet would take for a formula is written with a
leading ' and read back without it (`formulas`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from gongkai.core import formulas

CODECS = ("utf-8-sig", "gb18030")


def rows(content: bytes) -> Iterator[list[str]]:
    """The file's rows; ValueError (in Chinese) when its encoding is neither."""
    for codec in CODECS:
        try:
            text = content.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("CSV 文件编码无法识别（应为 UTF-8 或 GBK）")
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            yield [formulas.csv_unescape(cell) for cell in row]
    except csv.Error as exc:  # a cell longer than csv's field limit, a stray quote at the end
        raise ValueError(f"CSV 文件第{reader.line_num}行无法读取（{_reason(exc)}）") from None


def _reason(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"单元格超过{csv.field_size_limit()}个字符"
    return "引号或分隔符不配对"


def write(lines: Iterable[Iterable[Any]]) -> bytes:
    """A CSV file of `lines`, UTF-8 with a BOM (so that Excel opens it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow([formulas.csv_escape(value) for value in line])
    return buffer.getvalue().encode("utf-8-sig")
