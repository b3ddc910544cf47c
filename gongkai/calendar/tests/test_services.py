"""The calendar in force: loaded notices over the package over the prediction; loading a notice as
a new version with its audit row, by those who may; the open cases follow it."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.accounts.models import User
from gongkai.calendar import services, sources
from gongkai.calendar.models import CalendarEvent, NoticeVersion
from gongkai.calendar.package import package_calendar
from gongkai.calendar.workdays import Source
from gongkai.orgs.models import Role
from gongkai.orgs.services import add_member, create_agency

pytestmark = pytest.mark.django_db

NEW_YEAR_2036 = [(date(2036, 1, 1), "元旦")]  # a Tuesday: the prediction gives 30–31 Dec off


@pytest.fixture
def people() -> dict[str, User]:
    government = create_agency("某市人民政府", kind="government")
    department = create_agency("某市财政局", parent=government)
    people = {}
    for name, role, agency in (
        ("root_head", Role.HEAD, government),
        ("admin", Role.ADMIN, department),
        ("head", Role.HEAD, department),
        ("handler", Role.HANDLER, government),
    ):
        people[name] = User.objects.create_user(name, password="pw-very-long-1")
        add_member(people[name], agency, role)
    return people


def test_without_notices_the_package_then_the_prediction() -> None:
    calendar = services.current()
    package = package_calendar()
    for day in (date(2004, 1, 2), date(2015, 9, 2), date(2020, 1, 31), date(2026, 9, 1)):
        assert calendar.add_workdays(day, 20) == package.add_workdays(day, 20)
    assert calendar.sources[2026] == Source.PACKAGE
    assert calendar.sources[2027] == Source.PREDICTED
    assert calendar.sources[sources.LAST_YEAR] == Source.PREDICTED
    assert services.in_force(2003) is None


def test_only_an_administrator_or_the_root_governments_head_may_load(people) -> None:
    for who in ("head", "handler"):
        with pytest.raises(services.NoticeError, match="只有系统管理员"):
            services.load_year(2036, "通知", NEW_YEAR_2036, [], actor=people[who])
    with pytest.raises(services.NoticeError, match="只有系统管理员"):
        services.load_year(2036, "通知", NEW_YEAR_2036, [], actor=None)
    assert not NoticeVersion.objects.exists()
    services.load_year(2036, "通知", NEW_YEAR_2036, [], actor=people["admin"])
    services.load_year(2036, "通知", NEW_YEAR_2036, [], actor=people["root_head"])
    assert NoticeVersion.objects.count() == 2


def test_a_load_is_checked(people) -> None:
    actor = people["admin"]
    with pytest.raises(services.NoticeError, match="不在2036年内"):
        services.load_year(2036, "通知", [(date(2035, 12, 31), "元旦")], [], actor=actor)
    with pytest.raises(services.NoticeError, match="不需要调休上班"):
        services.load_year(2036, "通知", NEW_YEAR_2036, [(date(2036, 1, 2), "上班")], actor=actor)
    with pytest.raises(services.NoticeError, match="既放假又上班"):
        services.load_year(
            2036, "通知", [(date(2036, 1, 5), "x")], [(date(2036, 1, 5), "y")], actor=actor
        )
    with pytest.raises(services.NoticeError, match="没有读到放假日期"):
        services.load_year(2036, "通知", [], [], actor=actor)
    with pytest.raises(services.NoticeError, match="2004至2100"):
        services.load_year(2101, "通知", [(date(2101, 1, 1), "元旦")], [], actor=actor)


def test_every_load_is_a_new_version_with_the_difference_in_the_audit_log(people) -> None:
    actor = people["root_head"]
    predicted = services.in_force(2036)
    assert predicted is not None and predicted.source == Source.PREDICTED
    assert not services.current().is_workday(date(2036, 1, 1))
    first = services.load_year(
        2036, "第一次", NEW_YEAR_2036, [(date(2036, 1, 5), "元旦调休上班")], actor=actor
    )
    calendar = services.current()
    assert calendar.sources[2036] == Source.NOTICE
    assert calendar.is_workday(date(2036, 1, 5)) and not calendar.is_workday(date(2036, 1, 1))
    audit = CalendarEvent.objects.get(notice=first)
    assert audit.actor == actor and audit.before["source"] == "predicted"
    assert audit.after["source"] == "notice" and audit.after["workdays"] == ["2036-01-05"]
    changed = {c["day"] for c in audit.changes}
    assert "2036-01-05" in changed  # a Saturday worked that the prediction left off

    second = services.load_year(
        2036, "更正", NEW_YEAR_2036, [], actor=people["admin"], base_version=1, note="删去调休"
    )
    assert (first.version, second.version) == (1, 2)
    assert not services.current().is_workday(date(2036, 1, 5))
    assert NoticeVersion.objects.filter(year=2036).count() == 2  # the first is kept
    assert CalendarEvent.objects.get(notice=second).before["basis"] == "第一次"


def test_a_load_based_on_an_old_preview_is_refused(people) -> None:
    services.load_year(2036, "一", NEW_YEAR_2036, [], actor=people["admin"], base_version=0)
    with pytest.raises(services.NoticeError, match="已被他人更新"):
        services.load_year(2036, "二", NEW_YEAR_2036, [], actor=people["admin"], base_version=0)
    assert NoticeVersion.objects.filter(year=2036).count() == 1


def test_the_preview_shows_the_difference_from_what_is_in_force() -> None:
    preview = services.preview(2036, "通知", NEW_YEAR_2036, [])
    assert preview.old is not None and preview.old.source == Source.PREDICTED
    assert preview.base_version == 0
    # The prediction has 30 and 31 December 2035 off with 1 January 2036; the notice names only
    # 1 January of 2036, so no day of 2036 changes… unless the prediction had more in January.
    assert [c.day for c in preview.changes] == [c.day for c in preview.from_prediction]
    assert not NoticeVersion.objects.exists()


def test_a_package_year_can_be_corrected_by_a_notice(people) -> None:
    services.load_year(2026, "更正", [(date(2026, 1, 1), "元旦")], [], actor=people["admin"])
    calendar = services.current()
    assert calendar.sources[2026] == Source.NOTICE
    assert calendar.is_workday(date(2026, 1, 2))  # the package has it off
