"""The 政务新媒体 accounts of an agency as the self-check sees them on a day: those running, with
their posts of the last full months, read from the work register (worklog)."""

from __future__ import annotations

from datetime import date

from gongkai.orgs.models import Agency
from gongkai.sitecheck import newmedia, state
from gongkai.worklog import access as worklog
from gongkai.worklog import media


def accounts(agency: Agency, today: date) -> list[state.MediaAccount]:
    """The accounts running today, with their posts of the last full months (None when those
    months were not entered month by month)."""
    months = []
    for back in range(1, newmedia.DORMANT_MONTHS + 1):
        index = today.year * 12 + today.month - 1 - back
        months.append((index // 12, index % 12 + 1))
    running = [
        a for a in worklog.accounts_of(agency) if media.open_on(a.opened_on, a.closed_on, today)
    ]
    posted: dict[int, dict[tuple[int, int], int]] = {}
    for year in sorted({y for y, _ in months}):
        for f in worklog.figures_in(agency, year):
            if (year, f.month) in months:
                posted.setdefault(f.account_id, {})[(year, f.month)] = f.posts
    out = []
    for account in running:
        known = posted.get(account.pk, {})
        entered = all(m in known for m in months)
        out.append(
            state.MediaAccount(
                id=account.pk,
                label=str(account),
                last_posted_on=account.last_posted_on,
                filed_on=account.filed_on,
                recent_posts=sum(known[m] for m in months) if entered else None,
            )
        )
    return out
