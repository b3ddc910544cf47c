"""Demo data for `make run`: the 管委会 with its 党政办公室 and 财政局 (each with its 受理机关 data
and a complete 政府信息公开 platform: demo.platform, demo.content*), a staff member per role,
cases, and each agency's annual report published through the real workflow (demo.reports).

The 2021 cases of 党政办公室 reproduce the seed report's Table 三 exactly (38 applications from
natural persons, each answered in 2021 with the outcome the report counts), so that the annual
report built from records can be compared with the one that was published. Everything else is
dated back from the moment of loading, so the demo passes its own website self-check (no 单项否决,
no 问题) on whatever day it is loaded: gongkai/sitecheck/tests/test_demo_site.py.
"""

from __future__ import annotations

import random
import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.calendar import services as calendar_services
from gongkai.core.workflow import SystemActor
from gongkai.demo import content, content_finance, content_office, content_zone
from gongkai.demo import disputes as disputes_demo
from gongkai.demo import platform as platform_demo
from gongkai.demo import publishing as publishing_demo
from gongkai.demo import reports as reports_demo
from gongkai.demo import sitecheck as sitecheck_demo
from gongkai.demo import worklog as worklog_demo
from gongkai.orgs.models import Agency, Role, Website
from gongkai.orgs.services import add_member, create_agency, save_agency, update_website
from gongkai.search import services as search

SEED_OUTCOMES = (
    ("granted", 15),
    ("partly_granted", 1),
    ("withheld.internal_affairs", 1),
    ("withheld.administrative_query", 6),
    ("unavailable.not_held", 11),
    ("not_processed.repeated", 2),
    ("not_processed.publication", 2),
)
STAFF = (
    ("gongkaiban", "李主任", Role.HEAD),
    ("chengban", "王承办", Role.HANDLER),
    ("xinxiyuan", "赵信息员", Role.EDITOR),
    ("shenhe", "钱审核", Role.REVIEWER),
    ("xitong", "孙管理员", Role.ADMIN),
)
_SUBJECTS = (
    "某地块规划许可证",
    "2020年度部门预算执行情况",
    "某道路工程征收补偿方案",
    "某企业环评批复文件",
    "辖区内中小学划片范围",
    "某小区消防验收意见",
    "2021年第二季度行政处罚决定书",
    "某项目招标文件",
)

DEMO = SystemActor("演示数据")  # the demo's concluded year, recorded as an import would be
AGENCY_FIELDS = ("short_name", "code", "slug", "office_name", "address", "postcode", "phone",
                 "fax", "email", "office_hours")  # fmt: skip
ENTRIES = {
    content.ZONE: content_zone.ENTRIES,
    content.OFFICE: content_office.ENTRIES,
    content.FINANCE: content_finance.ENTRIES,
}
# Each platform's item of the day of loading, published through the real workflow.
TODAY_ITEMS = {
    content.ZONE: (
        "高新区召开政务公开工作领导小组会议",
        "<p>会议听取了政府信息公开平台建设和依申请公开办理情况汇报，研究部署近期重点工作。</p>",
    ),
    content.OFFICE: (
        "党政办完成政府信息公开平台栏目月度自查",
        "<p>党政办对照检查指标逐一核查平台栏目，空白栏目和未按期更新栏目均已清零。</p>",
    ),
    content.FINANCE: (
        "财政局开展财政预决算公开情况自查",
        "<p>财政局对各部门预决算公开的时间、内容和格式进行自查，督促按规定公开。</p>",
    ),
}


def _password() -> str:
    return secrets.token_urlsafe(9)


@transaction.atomic
def load(reset_passwords: bool = False, history: bool = True) -> list[str]:
    """Create what is missing; returns lines to show (new accounts with their passwords).
    Without `history`, the seed's year 2021 (its 2,912 items, 38 cases and report) is left out:
    what is dated from the day of loading is all there, in a fraction of the time."""
    zone = _agency(content.AGENCIES[content.ZONE])
    office = _agency(content.AGENCIES[content.OFFICE], parent=zone)
    finance = _agency(content.AGENCIES[content.FINANCE], parent=zone)
    agencies = {content.ZONE: zone, content.OFFICE: office, content.FINANCE: finance}
    lines = _accounts(zone, office, reset_passwords)
    _website()
    staff = _platform_staff(zone, finance)
    if history and not Application.objects.filter(agency=office, received_on__year=2021).exists():
        _seed_year(office)
    # The open cases are dated back from the day of loading, so they are told from the seed's by
    # not being of 2021 (not by a year they might fall in: loaded in 2025 they were made twice).
    if not Application.objects.filter(agency=office).exclude(received_on__year=2021).exists():
        _open_cases(office, User.objects.get(username="chengban"))

    plan = publishing_demo.SEED_2021 if history else ()
    changed = publishing_demo.load(office, plan, reviewer=staff.reviewer)
    for kind, agency in agencies.items():
        if platform_demo.load(agency, content.AGENCIES[kind], ENTRIES[kind]):
            title, body = TODAY_ITEMS[kind]
            platform_demo.publish_today(agency, staff, "gzdt", title, body)
            changed = True
    disputes_demo.load(office)
    _reports(staff, agencies)
    if changed:
        search.rebuild()
    sitecheck_demo.load()
    return lines


def _accounts(zone: Agency, office: Agency, reset_passwords: bool) -> list[str]:
    """One account per post (the head at the 管委会, the others at the 党政办); the lines that
    print new passwords."""
    lines: list[str] = []
    for username, name, role in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None or reset_passwords:
            password = _password()
            if user is None:
                admin = role == Role.ADMIN  # the system administrator also runs the Django admin
                user = User.objects.create_user(
                    username,
                    password=password,
                    display_name=name,
                    is_staff=admin,
                    is_superuser=admin,
                    must_change_password=True,  # printed: changed at the first sign-in
                )
            else:
                user.set_password(password)
                user.must_change_password = True
                user.save(update_fields=["password", "must_change_password"])
            lines.append(f"{name}（{role.label}）：{username} / {password}")
        add_member(user, zone if role == Role.HEAD else office, role)
    return lines


def _agency(data: content.Agency, parent: Agency | None = None) -> Agency:
    """The demo agency, created with its 受理机关 data, or completed where a field is blank."""
    fields = {name: getattr(data, name) for name in AGENCY_FIELDS}
    found = Agency.objects.filter(name=data.name).first()
    if found is None:
        return create_agency(data.name, parent=parent, kind=data.kind, **fields)
    blank = [name for name, value in fields.items() if not getattr(found, name)]
    if blank:
        for name in blank:
            setattr(found, name, fields[name])
        save_agency(DEMO, found)
    return found


def _website() -> None:
    """The site's name and footer (orgs.website), where an administrator has not set them."""
    found = Website.objects.filter(pk=1).first() or Website(pk=1)
    blank = {name: value for name, value in content.WEBSITE.items() if not getattr(found, name)}
    if blank:
        update_website(DEMO, blank, version=found.version)


def _platform_staff(zone: Agency, finance: Agency) -> platform_demo.Staff:
    """The 党政办's 信息员 and 审核员 also keep the 管委会's and the 财政局's platforms (the zone runs
    one intensive platform, 集约化); the head of the 管委会 heads every agency below it."""
    editor, reviewer = (User.objects.get(username=name) for name in ("xinxiyuan", "shenhe"))
    for agency in (zone, finance):
        add_member(editor, agency, Role.EDITOR)
        add_member(reviewer, agency, Role.REVIEWER)
    return platform_demo.Staff(editor, reviewer, User.objects.get(username="gongkaiban"))


def _reports(staff: platform_demo.Staff, agencies: dict[str, Agency]) -> None:
    """党政办's 2021 report (the seed's records), and every agency's report of the concluded year
    with that year's Article 20 figures."""
    office = agencies[content.OFFICE]
    if Application.objects.filter(agency=office, received_on__year=2021).exists():
        worklog_demo.load_seed(office)
        reports_demo.load(office, 2021, staff)
    year = timezone.localdate().year - 1
    for kind, agency in agencies.items():
        platform_demo.record_year(agency, kind, year)
        worklog_demo.load_recent(agency, kind)
        reports_demo.load(agency, year, staff)


def _receive(
    agency: Agency,
    on: date,
    number: int,
    kind: str,
    received_on: date,
    channel: str,
    description: str,
) -> Application:
    return services.receive(
        agency=agency,
        on=on,
        applicant={
            "kind": kind,
            "name": f"演示申请人{number:02d}",
            "id_type": "passport",
            "id_number": f"D{on.year}{number:04d}",
            "phone": "13800000000",
        },
        case={"received_on": received_on, "channel": channel, "description": description},
    ).application


def _seed_year(agency: Agency) -> None:
    rng = random.Random(2021)
    calendar = calendar_services.current()
    outcomes = [key for key, count in SEED_OUTCOMES for _ in range(count)]
    rng.shuffle(outcomes)
    end = date(2021, 12, 31)
    for number, outcome in enumerate(outcomes, start=1):
        received_on = calendar.add_workdays(date(2021, 1, 4), (number - 1) * 6)
        case = _receive(
            agency,
            end,
            number,
            "natural_person",
            received_on,
            rng.choice(["online", "letter_signed", "in_person"]),
            f"申请公开{rng.choice(_SUBJECTS)}（第{number}件）",
        )
        decided = calendar.add_workdays(received_on, rng.randint(3, 18))
        case = services.decide(case, DEMO, on=decided, outcome=outcome, today_=end)
        services.serve(case, DEMO, on=decided, method="direct", today_=end)


def _open_cases(agency: Agency, handler: User) -> None:
    """Twelve cases received in the last 17 working days: every one within its 20 working days
    (条例第三十三条) on the day of loading, a few due within the week."""
    rng = random.Random(2026)
    today = timezone.localdate()
    calendar = calendar_services.current()
    for number in range(1, 13):
        kind = rng.choice(["natural_person", "natural_person", "commercial", "legal_services"])
        case = _receive(
            agency,
            today,
            number,
            kind,
            platform_demo.workdays_before(calendar, today, rng.randint(0, 17)),
            rng.choice(["online", "letter_signed", "email"]),
            f"申请公开{rng.choice(_SUBJECTS)}",
        )
        if number % 3 == 1:
            services.assign(case, handler, handler)  # the handler takes it
