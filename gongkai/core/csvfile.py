"""CSV files as offices save them: UTF-8 (with or without BOM) from WPS or a script, GBK from
Excel on a Chinese Windows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

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
    yield from csv.reader(io.StringIO(text))
