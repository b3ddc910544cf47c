"""Staff sessions end after SESSION_IDLE_MINUTES without a request (default 30), with a Chinese
message on the login page; every request starts the period again. The clock is time-machine's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gongkai.accounts.middleware import IDLE_MESSAGE, LAST_SEEN
from gongkai.applications.tests import factories
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db
MORNING = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
WORKBENCH = "/office/"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff() -> Client:
    handler = factories.staff(factories.agency("某县财政局"), Role.HANDLER, username="chengban")
    signed_in = Client()
    signed_in.force_login(handler)
    return signed_in


def _signed_in(client: Client) -> bool:
    return client.get(WORKBENCH).status_code == 200


def test_the_default_is_thirty_minutes() -> None:
    assert settings.SESSION_IDLE_MINUTES == 30


def test_thirty_minutes_idle_is_still_signed_in(staff: Client, clock: Any) -> None:
    assert _signed_in(staff)
    assert staff.session[LAST_SEEN] == MORNING.timestamp()
    clock.shift(timedelta(minutes=30))
    assert _signed_in(staff)


def test_a_request_after_the_idle_period_goes_to_the_login_page_saying_why(
    staff: Client, clock: Any
) -> None:
    assert _signed_in(staff)
    clock.shift(timedelta(minutes=30, seconds=1))
    response = staff.get("/office/cases/new/?x=1")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/office/cases/new/%3Fx%3D1"
    page = staff.get(response["Location"]).content.decode()
    assert IDLE_MESSAGE == "长时间未操作，已自动退出，请重新登录"
    assert IDLE_MESSAGE in page and "工作人员登录" in page
    assert "_auth_user_id" not in staff.session and LAST_SEEN not in staff.session
    # Signed out for good: the next page asks for the login again, without the message.
    again = staff.get(WORKBENCH)
    assert again["Location"].startswith(reverse("login"))
    assert IDLE_MESSAGE not in staff.get(again["Location"]).content.decode()


def test_every_request_starts_the_period_again(staff: Client, clock: Any) -> None:
    for _ in range(8):  # two hours, a request every 20 minutes
        assert _signed_in(staff)
        clock.shift(timedelta(minutes=20))
    assert _signed_in(staff)


def test_a_form_sent_after_the_idle_period_changes_nothing(staff: Client, clock: Any) -> None:
    assert _signed_in(staff)
    clock.shift(timedelta(hours=2))
    response = staff.post(reverse("office:case_new"), {"description": "迟到的提交"})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    # Signing out after the period is signing out.
    assert staff.post(reverse("logout"))["Location"] == reverse("login")


def test_the_period_is_a_setting(staff: Client, clock: Any, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 5
    assert _signed_in(staff)
    clock.shift(timedelta(minutes=5, seconds=1))
    assert not _signed_in(staff)


def test_zero_turns_it_off(staff: Client, clock: Any, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 0
    assert _signed_in(staff)
    clock.shift(timedelta(days=3))
    assert _signed_in(staff)


def test_public_pages_without_a_session_are_left_alone(clock: Any) -> None:
    visitor = Client()
    assert visitor.get("/track/").status_code == 200
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies


def test_the_session_is_written_at_most_once_a_minute(staff: Client, clock: Any) -> None:
    assert _signed_in(staff)
    clock.shift(timedelta(seconds=59))
    assert _signed_in(staff)
    assert staff.session[LAST_SEEN] == MORNING.timestamp()
    clock.shift(timedelta(seconds=1))
    assert _signed_in(staff)
    assert staff.session[LAST_SEEN] == MORNING.timestamp() + 60
