"""The inspectors' checks (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号), run by the site
on itself. Pure: the state of the site comes in as plain data (`Site`), findings come out, each
with a stable code, a severity (单项否决 veto, error, warning) and a subject that names what it is
about ("column:12", "case:7", "url:/xxgk/item/5/"), so that a rectification task can recognise
its problem in the next run. Thresholds are those of regulations.md §5 (new media: newmedia.py)."""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Callable, Iterable
from datetime import date

from gongkai.orgs import website
from gongkai.publishing.lateness import LATE_AFTER_WORKDAYS, is_late
from gongkai.sitecheck import newmedia
from gongkai.sitecheck.state import (
    APPLICATIONS,
    AVAILABILITY,
    COLUMNS,
    CONTENT,
    EMPTY,
    ERROR,
    HOME,
    IDENTITY,
    INDICATORS,
    LINKS,
    NEWS,
    NOTICE,
    OTHER,
    PLATFORM,
    SEVERITY_ORDER,
    TIMELINESS,
    VETO,
    WARNING,
    ColumnState,
    Finding,
    Item,
    Site,
)

HOME_DAYS = 14  # 首页: a new item within the two weeks before the check
NEWS_DAYS = 14  # 动态/要闻 columns
NOTICE_MONTHS = 6  # 通知公告/政策文件 columns
STALE_COLUMNS_VETO = 5  # 动态/要闻 (2 weeks) + 通知公告/政策文件 (6 months) not updated
OVERDUE_COLUMNS_VETO = 10  # columns that should be updated (by the agency's rule) but were not
EMPTY_COLUMNS_VETO = 5
GUIDE_DAYS = 365
DUE_SOON_WORKDAYS = 5
FIRST_LEVEL = {
    "guide": "政府信息公开指南",
    "system": "政府信息公开制度",
    "statutory": "法定主动公开内容",
    "annual": "政府信息公开年报",
}
GENERATED_SECTIONS = frozenset({"guide"})  # the guide page is written from the agency's data


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def fresh_since(column: ColumnState, today: date) -> date | None:
    """The earliest date an update must have to count as recent by the inspectors' rule for
    the column's class; None when the class has no such rule."""
    if column.column_class == NEWS:
        return date.fromordinal(today.toordinal() - NEWS_DAYS + 1)
    if column.column_class == NOTICE:
        return date.fromordinal(months_before(today, NOTICE_MONTHS).toordinal() + 1)
    return None


def _stale(newest: date | None, since: date) -> bool:
    return newest is None or newest < since


def home(site: Site) -> list[Finding]:
    since = date.fromordinal(site.today.toordinal() - HOME_DAYS + 1)
    if not _stale(site.home_newest, since):
        return []
    last = f"最新信息发布于{site.home_newest.isoformat()}" if site.home_newest else "首页没有信息"
    return [
        Finding(
            "HOME_NOT_UPDATED",
            VETO,
            HOME,
            "site",
            f"首页{HOME_DAYS}天内没有更新（{last}）",
            "/",
        )
    ]


def _leaves(columns: Iterable[ColumnState]) -> list[ColumnState]:
    columns = list(columns)
    parents = {c.parent_id for c in columns if c.parent_id is not None}
    return [c for c in columns if c.id not in parents]


def _subtrees(site: Site) -> dict[int, list[ColumnState]]:
    """Each column with every column below it."""
    children: dict[int | None, list[ColumnState]] = {}
    for column in site.columns:
        children.setdefault(column.parent_id, []).append(column)

    def below(column: ColumnState) -> list[ColumnState]:
        return [column, *(d for c in children.get(column.id, []) for d in below(c))]

    return {c.id: below(c) for c in site.columns}


def _by_class(site: Site) -> list[ColumnState]:
    """The columns the inspectors' 2-week and 6-month rules count: a 动态/要闻 or 通知公告/政策文件
    column at the top of its class (法规文件, not each of 规章, 规范性文件 and 其他文件 below it:
    regulations.md §5 counts first-level columns), dated by the newest item of its subtree."""
    classes: dict[int | None, str] = {c.id: c.column_class for c in site.columns}
    subtrees, found = _subtrees(site), []
    for column in site.columns:
        if column.column_class in (OTHER, classes.get(column.parent_id)):
            continue  # not counted, or counted with the column above it
        below = subtrees[column.id]
        dates = [c.newest for c in below if c.newest is not None]
        total = sum(c.published for c in below)
        found.append(dataclasses.replace(column, published=total, newest=max(dates, default=None)))
    return found


def columns(site: Site) -> list[Finding]:
    found: list[Finding] = []
    stale, overdue, flagged = 0, 0, set()
    for column in _by_class(site):
        if column.published == 0:
            continue  # a blank column: counted by `empty`
        since = fresh_since(column, site.today)
        if since is not None and _stale(column.newest, since):
            stale += 1
            flagged.add(column.id)
            rule = "2周" if column.column_class == NEWS else "6个月"
            found.append(
                Finding(
                    "COLUMN_NOT_UPDATED",
                    WARNING,
                    COLUMNS,
                    f"column:{column.id}",
                    f"栏目“{column.name}”{rule}内没有更新（{_last(column)}）",
                    column.link,
                )
            )
    for column in _leaves(site.columns):
        if column.published and column.update_days and column.id not in flagged:
            own = date.fromordinal(site.today.toordinal() - column.update_days + 1)
            if _stale(column.newest, own):
                overdue += 1
                found.append(
                    Finding(
                        "COLUMN_OVERDUE",
                        WARNING,
                        COLUMNS,
                        f"column:{column.id}",
                        f"栏目“{column.name}”超过本机关规定的{column.update_days}天更新周期"
                        f"（{_last(column)}）",
                        column.link,
                    )
                )
    if stale >= STALE_COLUMNS_VETO:
        found.append(
            Finding(
                "COLUMNS_NOT_UPDATED",
                VETO,
                COLUMNS,
                "site",
                f"动态、要闻类栏目2周内或通知公告、政策文件类栏目6个月内未更新的共{stale}个"
                f"（达到{STALE_COLUMNS_VETO}个即单项否决）",
            )
        )
    if overdue >= OVERDUE_COLUMNS_VETO:
        found.append(
            Finding(
                "COLUMNS_OVERDUE",
                VETO,
                COLUMNS,
                "site",
                f"应更新但长期未更新的栏目共{overdue}个（达到{OVERDUE_COLUMNS_VETO}个即单项否决）",
            )
        )
    return found


def _last(column: ColumnState) -> str:
    if column.newest is None:
        return "没有标注日期的信息" if column.published else "没有信息"
    return f"最近一次更新为{column.newest.isoformat()}"


def _subtree_counts(site: Site) -> dict[int, int]:
    """Items in each column and all its descendants."""
    return {pk: sum(c.published for c in below) for pk, below in _subtrees(site).items()}


def empty(site: Site) -> list[Finding]:
    found = [
        Finding(
            "EMPTY_COLUMN",
            WARNING,
            EMPTY,
            f"column:{c.id}",
            f"栏目“{c.name}”没有任何信息",
            c.link,
        )
        for c in _leaves(site.columns)
        if c.published == 0 and c.section not in GENERATED_SECTIONS
    ]
    if len(found) >= EMPTY_COLUMNS_VETO:
        found.append(
            Finding(
                "EMPTY_COLUMNS",
                VETO,
                EMPTY,
                "site",
                f"空白栏目共{len(found)}个（达到{EMPTY_COLUMNS_VETO}个即单项否决）",
            )
        )
    return found


def platform(site: Site) -> list[Finding]:
    found: list[Finding] = []
    totals = _subtree_counts(site)
    top = {c.section: c for c in site.columns if c.parent_id is None}
    for section, name in FIRST_LEVEL.items():
        column = top.get(section)
        if column is None:
            found.append(
                Finding(
                    "PLATFORM_COLUMN_MISSING",
                    ERROR,
                    PLATFORM,
                    f"section:{section}",
                    f"政府信息公开平台缺少一级栏目“{name}”（国办公开办函〔2019〕61号）",
                )
            )
        elif totals[column.id] == 0 and section not in GENERATED_SECTIONS:
            found.append(
                Finding(
                    "PLATFORM_COLUMN_EMPTY",
                    ERROR,
                    PLATFORM,
                    f"section:{section}",
                    f"一级栏目“{name}”没有任何信息",
                    column.link,
                )
            )
    guide = top.get("guide")
    if guide is not None and guide.newest is not None:
        since = date.fromordinal(site.today.toordinal() - GUIDE_DAYS + 1)
        if guide.newest < since:
            found.append(
                Finding(
                    "GUIDE_OUTDATED",
                    WARNING,
                    PLATFORM,
                    f"column:{guide.id}",
                    f"政府信息公开指南一年内没有更新（最近一次为{guide.newest.isoformat()}）",
                    guide.link,
                )
            )
    for item in site.normative_without_interpretation:
        found.append(
            Finding(
                "INTERPRETATION_MISSING",
                WARNING,
                PLATFORM,
                f"item:{item.id}",
                f"规范性文件“{item.title}”没有关联政策解读",
                item.link,
            )
        )
    return found


def applications(site: Site) -> list[Finding]:
    found: list[Finding] = []
    for case in site.cases:
        if case.awaiting_reply and case.due_date is not None and case.due_date < site.today:
            found.append(
                Finding(
                    "CASE_OVERDUE",
                    ERROR,
                    APPLICATIONS,
                    f"case:{case.id}",
                    f"申请{case.code}已超过答复期限（{case.due_date.isoformat()}）",
                    case.link,
                )
            )
        elif (
            case.awaiting_reply
            and case.due_date is not None
            and site.due_soon_by is not None
            and case.due_date <= site.due_soon_by
        ):
            found.append(
                Finding(
                    "CASE_DUE_SOON",
                    WARNING,
                    APPLICATIONS,
                    f"case:{case.id}",
                    f"申请{case.code}将于{case.due_date.isoformat()}到期"
                    f"（{DUE_SOON_WORKDAYS}个工作日内）",
                    case.link,
                )
            )
        elif not case.awaiting_reply and case.decision and case.served_on is None:
            concluded = case.concluded_on.isoformat() if case.concluded_on else ""
            found.append(
                Finding(
                    "CASE_NOT_SERVED",
                    WARNING,
                    APPLICATIONS,
                    f"case:{case.id}",
                    f"申请{case.code}已于{concluded}作出答复，但没有登记送达",
                    case.link,
                )
            )
    return found


def calendar_predicted(site: Site) -> list[Finding]:
    """A 提示, never more: deadlines running into a year whose State Council holiday notice is
    not loaded are counted with the predicted arrangement (calendar.sources.unannounced)."""
    return [
        Finding(
            "CALENDAR_PREDICTED",
            WARNING,
            APPLICATIONS,
            f"calendar:{year}",
            f"{year}年的节假日安排尚未载入，跨入该年的答复期限按预测计算；"
            "国务院办公厅通知公布后请及时载入",
            "/office/calendar/",
        )
        for year in site.predicted_years
    ]


def timeliness(site: Site) -> list[Finding]:
    found = [
        Finding(
            "LATE_PUBLICATION",
            WARNING,
            TIMELINESS,
            f"item:{item.id}",
            f"“{item.title}”在成文后第{days}个工作日才公开"
            f"（条例第二十六条：{LATE_AFTER_WORKDAYS}个工作日内）",
            item.link,
        )
        for item, days in site.late_items
        if is_late(days)
    ]
    if site.report_overdue is not None:
        year, deadline = site.report_overdue
        found.append(
            Finding(
                "ANNUAL_REPORT_OVERDUE",
                ERROR,
                TIMELINESS,
                f"report:{year}",
                f"{year}年政府信息公开工作年度报告未在{deadline.isoformat()}前公布（条例第四十九条）",
            )
        )
    return found


def content(site: Site) -> list[Finding]:
    found: list[Finding] = []
    for item, what in site.personal_data:
        where = "的附件" if item.attachment_id else ""
        found.append(
            Finding(
                "PERSONAL_DATA",
                ERROR,
                CONTENT,
                _item_subject(item),
                f"“{item.title}”{where}含有个人信息：{what}",
                item.link,
            )
        )
    for item, term, note in site.terms:
        where = "的附件" if item.attachment_id else ""
        found.append(
            Finding(
                "SENSITIVE_TERM",
                ERROR,
                CONTENT,
                f"{_item_subject(item)}:{term}",
                f"“{item.title}”{where}含有错敏词“{term}”" + (f"（{note}）" if note else ""),
                item.link,
            )
        )
    return found


def _item_subject(item: Item) -> str:
    if item.attachment_id:
        return f"attachment:{item.attachment_id}"
    return f"item:{item.id}"


def links(site: Site) -> list[Finding]:
    found: list[Finding] = []
    for fetched in site.fetched:
        if fetched.status >= 500 or (fetched.status == 0 and fetched.kind != "external"):
            what = f"HTTP {fetched.status}" if fetched.status else "无响应"
            found.append(
                Finding(
                    "SERVER_ERROR",
                    ERROR,
                    AVAILABILITY,
                    f"url:{fetched.url}",
                    f"访问{fetched.url}出错（{what}）",
                    fetched.url if fetched.kind != "external" else "",
                )
            )
        elif fetched.status >= 400 or fetched.status == 0:
            code, severity, label = {
                "page": ("BROKEN_LINK", ERROR, "页面链接"),
                "attachment": ("BROKEN_ATTACHMENT", ERROR, "附件链接"),
                "external": ("BROKEN_EXTERNAL_LINK", WARNING, "外部链接"),
            }[fetched.kind]
            pages = "、".join(fetched.linked_from[:3])
            more = f"等{len(fetched.linked_from)}个页面" if len(fetched.linked_from) > 3 else ""
            status = f"HTTP {fetched.status}" if fetched.status else "无响应"
            found.append(
                Finding(
                    code,
                    severity,
                    LINKS,
                    f"url:{fetched.url}",
                    f"{label}{fetched.url}无法打开（{status}），出现在{pages}{more}",
                    fetched.linked_from[0] if fetched.linked_from else "",
                )
            )
    return found


def identity(site: Site) -> list[Finding]:
    """《政府网站发展指引》（国办发〔2017〕47号）: the footer of every page names the 主办单位, a
    联系方式, the 网站标识码, the ICP备案编号 and the 公安机关备案号; each one missing is a 问题."""
    if site.website is None:
        return []
    values = dict(site.website)
    return [
        Finding(
            "SITE_IDENTITY_MISSING",
            ERROR,
            IDENTITY,
            f"website:{field.name}",
            f"网站页脚缺少“{field.label}”（《政府网站发展指引》要求页脚列明主办单位、联系方式、"
            "网站标识码、ICP备案编号和公安机关备案号）",
            site.website_link,
        )
        for field in website.FOOTER
        if not (values.get(field.name) or "").strip()
    ]


RULES: tuple[Callable[[Site], list[Finding]], ...] = (
    home,
    columns,
    empty,
    platform,
    links,
    applications,
    calendar_predicted,
    timeliness,
    content,
    identity,
    newmedia.media,
)


def evaluate(site: Site) -> list[Finding]:
    """Every finding, 单项否决 first."""
    found = [finding for rule in RULES for finding in rule(site)]
    return sorted(found, key=lambda f: (SEVERITY_ORDER[f.severity], f.indicator, f.subject))


def lights(findings: Iterable[Finding], crawled: bool = True) -> dict[str, str]:
    """The dashboard's traffic light per indicator: red (veto or error), amber, green; grey
    for the crawl's indicators when the run did not crawl."""
    worst: dict[str, str] = dict.fromkeys(INDICATORS, "green")
    if not crawled:
        worst[LINKS] = worst[AVAILABILITY] = "grey"
    for finding in findings:
        colour = "amber" if finding.severity == WARNING else "red"
        if worst[finding.indicator] != "red":
            worst[finding.indicator] = colour
    return worst
