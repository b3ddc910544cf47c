"""条例第四十九条: when a year's report is due, and whether it was late.

A department (and an office under it) publishes by 31 January; a government, and a development
zone's 管委会 that reports for its zone, by 31 March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REMIND_DAYS = 30


@dataclass(frozen=True)
class Due:
    on: date
    state: str  # "published", "late" (published after the date), "overdue", "soon", "open"
    label: str


def due_on(year: int, government_level: bool) -> date:
    return date(year + 1, 3, 31) if government_level else date(year + 1, 1, 31)


def due(year: int, government_level: bool, published_on: date | None, today: date) -> Due:
    on = due_on(year, government_level)
    if published_on is not None:
        if published_on > on:
            return Due(on, "late", f"逾期公布（应于{on:%Y年%m月%d日}前公布）")
        return Due(on, "published", f"已按期公布（期限{on:%Y年%m月%d日}）")
    if today > on:
        return Due(on, "overdue", f"已超过公布期限（{on:%Y年%m月%d日}），尚未公布")
    if (on - today).days <= REMIND_DAYS:
        return Due(on, "soon", f"请于{on:%Y年%m月%d日}前公布，还有{(on - today).days}天")
    return Due(on, "open", f"公布期限：{on:%Y年%m月%d日}")
