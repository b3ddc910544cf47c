"""Demo data for `make run`: an agency tree, a staff member per role, and cases.

The 2021 cases of 党政办公室 reproduce the seed report's Table 三 exactly (38 applications from
natural persons, each answered in 2021 with the outcome the report counts), so that the annual
report built from records can be compared with the one that was published.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.calendar import services as calendar_services
from gongkai.core.workflow import SystemActor
from gongkai.demo import disputes as disputes_demo
from gongkai.demo import publishing as publishing_demo
from gongkai.demo import sitecheck as sitecheck_demo
from gongkai.orgs.models import Agency, AgencyKind, Role
from gongkai.orgs.services import add_member, create_agency
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


def _password() -> str:
    return secrets.token_urlsafe(9)


@transaction.atomic
def load(reset_passwords: bool = False) -> list[str]:
    """Create what is missing; returns lines to show (new accounts with their passwords)."""
    lines: list[str] = []
    zone = Agency.objects.filter(name="洛阳高新技术产业开发区管理委员会").first() or create_agency(
        "洛阳高新技术产业开发区管理委员会",
        kind=AgencyKind.ZONE,
        short_name="高新区管委会",
        code="GX",
        address="洛阳市高新区丰华路6号",
        postcode="471003",
        phone="0379-00000000",
        office_hours="工作日 8:30-12:00，14:30-17:30",
    )
    office = Agency.objects.filter(
        name="洛阳高新技术产业开发区管理委员会党政办公室"
    ).first() or create_agency(
        "洛阳高新技术产业开发区管理委员会党政办公室",
        parent=zone,
        kind=AgencyKind.OFFICE,
        short_name="党政办",
        slug="luoyang-gaoxin",
        code="GXDZ",
        office_name="高新区党政办公室政务公开科",
        address="洛阳市高新区丰华路6号",
        postcode="471003",
        phone="0379-00000001",
        office_hours="工作日 8:30-12:00，14:30-17:30",
    )
    if not office.slug:  # a database from before agencies had codes
        office.slug = "luoyang-gaoxin"
        office.save(update_fields=["slug"])
    if not Agency.objects.filter(name="洛阳高新技术产业开发区财政局").exists():
        create_agency(
            "洛阳高新技术产业开发区财政局", parent=zone, code="GXCZ", phone="0379-00000002"
        )
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
    if not Application.objects.filter(agency=office, received_on__year=2021).exists():
        _seed_year(office)
    # The open cases are dated back from the day of loading, so they are told from the seed's by
    # not being of 2021 (not by a year they might fall in: loaded in 2025 they were made twice).
    if not Application.objects.filter(agency=office).exclude(received_on__year=2021).exists():
        _open_cases(office, User.objects.get(username="chengban"))

    if publishing_demo.load(office):
        search.rebuild()
    disputes_demo.load(office)

    sitecheck_demo.load()
    return lines


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
    rng = random.Random(2026)
    today = timezone.localdate()
    for number in range(1, 13):
        kind = rng.choice(["natural_person", "natural_person", "commercial", "legal_services"])
        case = _receive(
            agency,
            today,
            number,
            kind,
            today - timedelta(days=rng.randint(0, 40)),
            rng.choice(["online", "letter_signed", "email"]),
            f"申请公开{rng.choice(_SUBJECTS)}",
        )
        if number % 3 == 1:
            services.assign(case, handler, handler)  # the handler takes it
