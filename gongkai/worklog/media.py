"""政务新媒体 figures as a report and the inspectors read them (pure).

An account's year is told either month by month (months 1–12) or, where only the year's totals
are known, by one whole-year row (month 0); a year holds one or the other. Issues (期) and posts
(条) add up over the months; followers are a level, so the year's is the last month's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WHOLE_YEAR = 0
# 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号): an account not updated in the two weeks
# before the check fails it outright (单项否决); see docs/website-norms.md.
STALE_AFTER = timedelta(weeks=2)


@dataclass(frozen=True)
class Period:
    month: int  # 1–12, or WHOLE_YEAR
    posts: int
    issues: int | None = None
    followers: int | None = None


@dataclass(frozen=True)
class Year:
    posts: int
    issues: int | None  # None: no period gave the number of issues
    followers: int | None  # at the year's end (the last period that gave it)
    months: int  # months told; 0 when the year came as one whole-year row


def year_of(periods: Iterable[Period]) -> Year | None:
    """The year's figures, or None when nothing was entered."""
    rows = sorted(periods, key=lambda p: p.month)
    if not rows:
        return None
    issues = [p.issues for p in rows if p.issues is not None]
    followers = [p.followers for p in rows if p.followers is not None]
    return Year(
        posts=sum(p.posts for p in rows),
        issues=sum(issues) if issues else None,
        followers=followers[-1] if followers else None,
        months=len([p for p in rows if p.month != WHOLE_YEAR]),
    )


def mixing(existing_months: Iterable[int], month: int) -> str | None:
    """Why `month` cannot be entered beside the months the year already holds (Chinese), or
    None: a whole-year row and monthly rows never stand together."""
    months = set(existing_months) - {month}
    if month == WHOLE_YEAR and months:
        return "这一年已按月登记，不能再登记全年合计；请改为逐月登记，或先删除各月数据"
    if month != WHOLE_YEAR and WHOLE_YEAR in months:
        return "这一年已登记全年合计，不能再按月登记；请先删除全年合计"
    return None


def open_on(opened: date | None, closed: date | None, day: date) -> bool:
    """Whether an account is running on `day`."""
    return (opened is None or opened <= day) and (closed is None or closed > day)
