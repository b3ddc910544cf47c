"""The demo's 政务公开 work register: what the seed report's 一、总体情况 tells of, as records —
the two levels of 公开专区 and of 示范点, the new website online in September 2021, the
trainings, meetings and village surveys, and the two accounts with their months of 2021 (the
公众号's 270 issues and 1,223 posts, the 微博's 1,543 posts and 254,345 followers); and, for
the other agencies and the recent years, their accounts kept up to the day of loading."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from django.utils import timezone

from gongkai.audit import registers
from gongkai.demo import content
from gongkai.demo.platform import IMPORT
from gongkai.orgs.models import Agency
from gongkai.worklog.kinds import ActivityKind, Level, Platform, VenueKind, WebsiteEventKind
from gongkai.worklog.models import Account, AccountFigure, Activity, Venue, WebsiteEvent
from gongkai.worklog.services import FIELDS, FIGURE_FIELDS, WHAT

R = TypeVar("R", Account, Activity, Venue, WebsiteEvent)
SOURCE = "演示数据：账号后台统计"
# The seed's accounts: (platform, name, opened, (issues, posts, followers at the year's end)).
SEED_ACCOUNTS = (
    (Platform.WECHAT, "洛阳高新", date(2015, 6, 1), (270, 1223, None)),
    (Platform.WEIBO, "洛阳高新区管委会", date(2012, 3, 1), (None, 1543, 254345)),
)
SEED_VENUES = (
    (VenueKind.ZONE, "高新区政务服务中心政务公开专区", Level.COUNTY, "洛阳市高新区滨河北路", date(2020, 11, 20)),
    (VenueKind.ZONE, "辛店街道便民服务中心政务公开专区", Level.TOWN, "辛店街道办事处", date(2021, 4, 16)),
    (VenueKind.ZONE, "丰李镇便民服务中心政务公开专区", Level.TOWN, "丰李镇人民政府", date(2021, 5, 10)),
    (VenueKind.DEMO, "辛店街道基层政务公开标准化规范化示范点", Level.TOWN, "辛店街道办事处", date(2021, 6, 18)),
    (VenueKind.DEMO, "上徐马村政务公开示范点", Level.VILLAGE, "辛店街道上徐马村", date(2021, 8, 25)),
    (VenueKind.BOARD, "上徐马村村务公开栏", Level.VILLAGE, "辛店街道上徐马村", date(2019, 3, 1)),
    (VenueKind.READING, "高新区政府信息查阅点", Level.COUNTY, "高新区政务服务中心一楼", date(2019, 3, 1)),
)  # fmt: skip
SEED_ACTIVITIES = (
    (ActivityKind.MEETING, date(2021, 3, 12), "2021年政务公开工作专题会议", "管委会三楼会议室", 26,
     "部署全年政务公开重点工作，明确分工和时限。"),
    (ActivityKind.TRAINING, date(2021, 4, 23), "政府信息公开条例和网站信息发布培训", "管委会三楼会议室", 45,
     "集中学习《中华人民共和国政府信息公开条例》，交流网站信息发布技巧。"),
    (ActivityKind.SURVEY, date(2021, 7, 8), "村居政务公开工作开展情况调研", "辛店街道上徐马村", 6,
     "公开栏内容更新不及时，已督促每月更新。"),
    (ActivityKind.MEETING, date(2021, 9, 17), "新版网站上线和政务公开板块设计专题会议", "管委会三楼会议室", 18,
     "确定“政务公开”板块栏目设置。"),
    (ActivityKind.TRAINING, date(2021, 11, 19), "政务新媒体和网站内容保障培训", "管委会三楼会议室", 52,
     "讲解网站更新月度自查和抽查监测要求。"),
    (ActivityKind.SURVEY, date(2021, 12, 2), "乡镇政务公开专区运行情况调研", "丰李镇", 5,
     "专区查阅登记不全，已要求补齐台账。"),
)  # fmt: skip
RELAUNCH = date(2021, 9, 28)
# The other agencies' accounts, kept since before the recent years.
ACCOUNTS = {
    content.ZONE: (
        (Platform.WECHAT, "洛阳高新发布", 42_000),
        (Platform.WEIBO, "高新区发布", 18_500),
    ),
    content.FINANCE: ((Platform.WECHAT, "高新财政", 3_600),),
}


def split(total: int, months: int, seed: int) -> list[int]:
    """`total` over `months` months, unevenly (as real months are) and exactly."""
    weights = [10 + (seed * 7 + m * 13) % 9 for m in range(months)]
    shares = [total * w // sum(weights) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def load_seed(office: Agency) -> None:
    """The seed year's work of the 党政办 (once)."""
    if Account.objects.filter(agency=office).exists():
        return
    for kind, name, level, address, opened in SEED_VENUES:
        _record(Venue(agency=office, kind=kind, name=name, level=level, address=address,
                      opened_on=opened))  # fmt: skip
    for activity, held_on, topic, place, people, findings in SEED_ACTIVITIES:
        _record(Activity(agency=office, kind=activity, held_on=held_on, topic=topic, place=place,
                         participants=people, findings=findings))  # fmt: skip
    _record(WebsiteEvent(agency=office, kind=WebsiteEventKind.RELAUNCH, happened_on=RELAUNCH,
                         description="优化布局版式，完善搜索功能，搭建政府信息公开平台"))  # fmt: skip
    for number, (platform, name, opened, (issues, posts, followers)) in enumerate(SEED_ACCOUNTS):
        account = _account(office, platform, name, opened)
        monthly_issues = split(issues, 12, number) if issues is not None else [None] * 12
        monthly_posts = split(posts, 12, number + 5)
        start = followers - 12 * 900 if followers is not None else None
        for month in range(1, 13):
            fans = None if start is None else (followers if month == 12 else start + month * 900)
            _figure(account, 2021, month, monthly_posts[month - 1], monthly_issues[month - 1], fans)


def load_recent(agency: Agency, kind: str) -> None:
    """Accounts kept up to the day of loading: the concluded year and this year's months."""
    today = timezone.localdate()
    listed = ACCOUNTS.get(kind, ())
    if kind == content.OFFICE:
        listed = tuple((p, name, 0) for p, name, _, _ in SEED_ACCOUNTS)
    for number, (platform, name, followers) in enumerate(listed):
        account = Account.objects.filter(agency=agency, platform=platform, name=name).first()
        account = account or _account(agency, platform, name, date(2016, 1, 1))
        if account.last_posted_on is None or account.last_posted_on < today - timedelta(days=1):
            before = registers.snapshot(account, FIELDS[Account])
            account.last_posted_on = today - timedelta(days=1)  # posted yesterday
            account.filed_on = account.filed_on or date(2019, 6, 1)
            registers.record(IMPORT, account, FIELDS[Account], before, WHAT[Account])
        for year, months in ((today.year - 1, 12), (today.year, today.month - 1)):
            if AccountFigure.objects.filter(account=account, year=year).exists():
                continue
            posts = split(40 * months, months, number) if months else []
            for month in range(1, months + 1):
                fans = (followers or 250_000 + number * 1000) + (year - 2020) * 2400 + month * 200
                _figure(account, year, month, posts[month - 1], None, fans)


def _account(agency: Agency, platform: Platform, name: str, opened: date) -> Account:
    return _record(Account(agency=agency, platform=platform, name=name, sponsor=agency.name,
                           opened_on=opened, filed_on=date(2019, 6, 1)))  # fmt: skip


def _record(record: R) -> R:
    registers.record(IMPORT, record, FIELDS[type(record)], {}, WHAT[type(record)])
    return record


def _figure(account: Account, year: int, month: int, posts: int, issues: int | None,
            followers: int | None) -> None:  # fmt: skip
    figure = AccountFigure(account=account, year=year, month=month, posts=posts, issues=issues,
                           followers=followers, source=SOURCE)  # fmt: skip
    registers.record(IMPORT, figure, FIGURE_FIELDS, {}, WHAT[AccountFigure])
