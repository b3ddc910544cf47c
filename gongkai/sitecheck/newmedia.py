"""The inspectors' 政务新媒体 checks (国办秘函〔2019〕19号 and 国办发〔2018〕123号), pure like
rules.py, which lists them with the others: the accounts running on the day of the check come in
as plain data (`state.MediaAccount`), findings come out under the 政务新媒体 indicator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from gongkai.sitecheck.state import ERROR, MEDIA, VETO, Finding, MediaAccount, Site

# 政务新媒体 (regulations.md §5, docs/website-norms.md): an account not updated in the two weeks
# before the check fails it outright (单项否决: 内容不更新); one whose months show no post for
# DORMANT_MONTHS is a 僵尸号 to be revived, merged or closed (国办发〔2018〕123号: 确属无力维护的
# 要坚决关停); one not filed in the 全国政务新媒体信息报送系统 breaks 备案管理 ("备案之外无政务新媒体").
MEDIA_STALE_DAYS = 14
DORMANT_MONTHS = 3
MEDIA_RULES: tuple[tuple[str, str, Callable[[MediaAccount, date], str | None]], ...] = (
    (
        "MEDIA_NOT_UPDATED",
        VETO,
        lambda a, today: (
            f"{a.label}{MEDIA_STALE_DAYS}天内没有更新（最近更新于{a.last_posted_on.isoformat()}）"
            if a.last_posted_on is not None and (today - a.last_posted_on).days >= MEDIA_STALE_DAYS
            else None
        ),
    ),
    (
        "MEDIA_UPDATE_UNKNOWN",
        ERROR,
        lambda a, today: (
            f"{a.label}未登记最近更新日期，无法核对是否{MEDIA_STALE_DAYS}天内有更新"
            if a.last_posted_on is None
            else None
        ),
    ),
    (
        "MEDIA_DORMANT",
        ERROR,
        lambda a, today: (
            f"{a.label}近{DORMANT_MONTHS}个月没有发布信息，应恢复更新，或整合、关停"
            if a.recent_posts == 0
            else None
        ),
    ),
    (
        "MEDIA_NOT_FILED",
        ERROR,
        lambda a, today: (
            f"{a.label}未登记备案日期：政务新媒体应在全国政务新媒体信息报送系统备案"
            if a.filed_on is None
            else None
        ),
    ),
)


def media(site: Site) -> list[Finding]:
    return [
        Finding(code, severity, MEDIA, f"account:{account.id}", message, site.media_link)
        for account in site.media
        for code, severity, rule in MEDIA_RULES
        if (message := rule(account, site.today)) is not None
    ]
