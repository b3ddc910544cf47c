"""The work register's changes: the agency's own staff only, an audit row with the old and new
values, a stale edit refused, a year told either by months or as a whole."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.tests import factories
from gongkai.audit.models import RegisterEvent
from gongkai.orgs.roles import Role
from gongkai.worklog import services
from gongkai.worklog.kinds import ActivityKind, Platform
from gongkai.worklog.models import Account, AccountFigure, Activity

pytestmark = pytest.mark.django_db


def test_a_record_is_kept_by_its_agencys_staff_with_its_history() -> None:
    agency, other = factories.agency(), factories.agency()
    editor = factories.staff(agency, Role.EDITOR)
    training = Activity(agency=agency, kind=ActivityKind.TRAINING, held_on=date(2025, 4, 1),
                        topic="条例培训", participants=30)  # fmt: skip
    services.keep(editor, training)
    training.participants = 32
    services.keep(editor, training, version=1)
    events = list(RegisterEvent.objects.filter(agency=agency).order_by("pk"))
    assert [e.after.get("participants") for e in events] == [30, 32]
    assert events[1].before["participants"] == 30
    with pytest.raises(services.StaleEdit):
        services.keep(editor, training, version=1)  # someone saved version 2 since
    with pytest.raises(services.NotYours):
        services.keep(factories.staff(other, Role.EDITOR), training, version=2)
    with pytest.raises(services.NotYours):
        services.keep(factories.staff(agency, Role.HANDLER), training, version=2)
    services.remove(editor, training)
    assert not Activity.objects.exists()
    assert RegisterEvent.objects.filter(agency=agency).order_by("pk").last().after == {
        "deleted": True
    }  # type: ignore[union-attr]


def test_a_second_account_of_the_same_name_is_refused_in_chinese() -> None:
    agency = factories.agency()
    head = factories.staff(agency, Role.HEAD)
    services.keep(
        head, Account(agency=agency, platform=Platform.WEIBO, name="某局", sponsor="某局")
    )
    with pytest.raises(services.Refused, match="同名的账号"):
        services.keep(head, Account(agency=agency, platform=Platform.WEIBO, name="某局",
                                    sponsor="某局"))  # fmt: skip


def test_figures_by_month_or_for_the_whole_year() -> None:
    agency = factories.agency()
    editor = factories.staff(agency, Role.EDITOR)
    account = services.keep(
        editor, Account(agency=agency, platform=Platform.WECHAT, name="某局发布", sponsor="某局")
    )
    services.save_figure(editor, account, 2025, 1, posts=90, issues=20, followers=1000)
    services.save_figure(editor, account, 2025, 1, posts=95, issues=21, followers=1010)
    assert AccountFigure.objects.get(account=account, year=2025, month=1).posts == 95
    with pytest.raises(services.Refused, match="已按月登记"):
        services.save_figure(editor, account, 2025, 0, posts=1000)
    services.save_figure(editor, account, 2024, 0, posts=1000)
    with pytest.raises(services.Refused, match="已登记全年合计"):
        services.save_figure(editor, account, 2024, 3, posts=10)
    changes = RegisterEvent.objects.filter(what="政务新媒体数据").order_by("pk")
    assert [(e.before.get("posts"), e.after["posts"]) for e in changes] == [
        (None, 90), (90, 95), (None, 1000)
    ]  # fmt: skip
