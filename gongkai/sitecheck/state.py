"""The state of one agency's platform as the self-check's rules read it, and what they find:
plain data, so the rules stay pure and the tests can build any site in a line.

`Finding` is the self-check's result, and not `core.findings.Finding` (the report checker's),
because the two differ in what they would show and store: its severities are the inspectors'
单项否决 / 问题 / 提示 (veto, error, warning), which `core.findings.Severity` (错误 / 警告 / 提示)
cannot hold without changing the report pages and the CLI, and its "warning" is 提示 where
theirs is 警告; its `indicator`, `subject` and `link` name a problem on a site where theirs
(`cells`, `quote`) name places in a report. The reasons in full are in core/findings.py. It
is stored field for field as `sitecheck.models.Finding` (services.FINDING_FIELDS), and a
rectification task copies the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

VETO, ERROR, WARNING = "veto", "error", "warning"
SEVERITY_LABELS = {VETO: "单项否决", ERROR: "问题", WARNING: "提示"}
SEVERITY_ORDER = {VETO: 0, ERROR: 1, WARNING: 2}

# The indicators of the dashboard, in the inspectors' order.
HOME, COLUMNS, EMPTY, PLATFORM, LINKS, AVAILABILITY, APPLICATIONS, TIMELINESS, CONTENT = (
    "home",
    "columns",
    "empty",
    "platform",
    "links",
    "availability",
    "applications",
    "timeliness",
    "content",
)
IDENTITY = "identity"
MEDIA = "media"
INDICATORS = {
    HOME: "首页更新",
    COLUMNS: "栏目更新",
    EMPTY: "空白栏目",
    PLATFORM: "公开平台栏目",
    LINKS: "链接可用性",
    AVAILABILITY: "站点可访问",
    APPLICATIONS: "依申请公开办理",
    TIMELINESS: "发布时效",
    CONTENT: "内容安全",
    IDENTITY: "网站标识",
    MEDIA: "政务新媒体",
}

NEWS, NOTICE, OTHER = "news", "notice", "other"  # publishing.platform's column classes


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    indicator: str
    subject: str  # what it is about, stable from run to run
    message: str  # Chinese, for staff
    link: str = ""  # where to see or fix it (a path in the site)

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.subject)


@dataclass(frozen=True)
class ColumnState:
    id: int
    name: str
    section: str  # publishing.platform's section keys
    column_class: str
    parent_id: int | None = None
    update_days: int | None = None  # the agency's own, stricter rule
    published: int = 0  # items visible in this column itself
    newest: date | None = None  # the newest item with a visible date in this column itself
    link: str = ""


@dataclass(frozen=True)
class Case:
    id: int
    code: str  # 跟踪码
    due_date: date | None = None
    # No reply yet (no concluded_on): the reply's clock runs. Not "open" in the sense of
    # ApplicationQuerySet.open() (not closed), which also holds a reply not yet served.
    awaiting_reply: bool = True
    concluded_on: date | None = None
    served_on: date | None = None
    decision: bool = False  # a reply that has to be served on the applicant
    link: str = ""


@dataclass(frozen=True)
class Item:
    """A published item (or one of its attachments) with what the content checks read."""

    id: int
    title: str
    text: str = ""
    attachment_id: int | None = None  # the text is an attachment's
    link: str = ""


@dataclass(frozen=True)
class Fetched:
    """One URL the crawl asked for."""

    url: str  # a path for the site's own pages, a full URL for external links
    status: int  # HTTP status; 0 when no answer came (refused, timed out)
    seconds: float = 0.0
    kind: str = "page"  # page | attachment | external
    linked_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class MediaAccount:
    """A 政务新媒体 account running on the day of the check (worklog)."""

    id: int
    label: str  # “洛阳高新”微信公众号
    last_posted_on: date | None
    filed_on: date | None  # 备案 in the 全国政务新媒体信息报送系统
    recent_posts: int | None  # posts of the last DORMANT_MONTHS full months; None: not entered


@dataclass(frozen=True)
class Site:
    """The state of one agency's platform on the day of the check."""

    today: date
    columns: tuple[ColumnState, ...] = ()
    home_newest: date | None = None  # the newest dated item the home page lists
    cases: tuple[Case, ...] = ()
    due_soon_by: date | None = None  # the 5th working day from today
    predicted_years: tuple[int, ...] = ()  # years counted with a predicted holiday arrangement
    normative_without_interpretation: tuple[Item, ...] = ()
    late_items: tuple[tuple[Item, int], ...] = ()  # (item, working days written→published)
    report_overdue: tuple[int, date] | None = None  # (year, deadline) of a report not published
    personal_data: tuple[tuple[Item, str], ...] = ()  # (item, what was found, masked)
    terms: tuple[tuple[Item, str, str], ...] = ()  # (item, term, source or suggestion)
    fetched: tuple[Fetched, ...] = ()
    # The website's footer fields (orgs.website.FOOTER) as set, (name, value); None: not read.
    website: tuple[tuple[str, str], ...] | None = None
    website_link: str = ""  # where they are set
    media: tuple[MediaAccount, ...] = ()
    media_link: str = ""  # where accounts are kept
