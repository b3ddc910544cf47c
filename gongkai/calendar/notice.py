"""Reading a State Council holiday notice as staff type it: one range or day per line."""

from __future__ import annotations

import re
from datetime import date, timedelta

_LINE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|－|-{1,2}|—)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$"
)


def parse_lines(text: str, *, ranges: bool) -> list[tuple[date, str]]:
    days: list[tuple[date, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(
                f"第{number}行“{line}”无法识别，应为“2027-01-01 至 2027-01-03 元旦”或“2027-02-07 调休上班”"
            )
        try:
            first = date.fromisoformat(_pad(match.group(1)))
            last = date.fromisoformat(_pad(match.group(2))) if match.group(2) else first
        except ValueError as exc:
            raise ValueError(f"第{number}行的日期无效") from exc
        if match.group(2) and not ranges:
            raise ValueError(f"第{number}行：调休上班日请逐日填写")
        if last < first or (last - first).days > 15:
            raise ValueError(f"第{number}行的日期范围不合理")
        name = match.group(3).strip() or ("放假" if ranges else "调休上班")
        days += [(first + timedelta(days=n), name) for n in range((last - first).days + 1)]
    return days


def _pad(value: str) -> str:
    year, month, day = value.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"
