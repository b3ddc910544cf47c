"""Login lockout (django-axes as configured in base settings): 5 failures lock a username from an
address, each failure after a lockout doubles the wait, the page says until when in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from gongkai.accounts import lockout
from gongkai.applications.tests import factories
from gongkai.core import throttle

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 12, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "pw-for-tests-only"  # factories.staff


@pytest.fixture(autouse=True)
def _axes_on(settings: Any) -> None:
    settings.AXES_ENABLED = True  # off for the rest of the suite (config/settings/test.py)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user() -> Any:
    return factories.staff(factories.agency(), username="zhangsan")


def _login(client: Client, password: str, username: str = "zhangsan", path: str = "") -> Any:
    return client.post(path or reverse("login"), {"username": username, "password": password})


def _logged_in(response: Any) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("office:home")


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (1, timedelta(minutes=15)),
        (5, timedelta(minutes=15)),
        (6, timedelta(minutes=30)),
        (7, timedelta(hours=1)),
        (11, timedelta(hours=16)),
        (12, timedelta(hours=24)),
        (200, timedelta(hours=24)),
    ],
)
def test_the_wait_doubles_after_the_limit_up_to_a_day(failures: int, wait: timedelta) -> None:
    assert lockout.cool_off_for(failures) == wait


def test_200_wrong_passwords_then_the_right_one_is_refused(
    user: Any, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT - 1):
        wrong = _login(client, "wrong-password")
        assert wrong.status_code == 200 and "用户名或密码不正确" in wrong.content.decode()
    locking = _login(client, "wrong-password")
    assert locking.status_code == 429
    for _ in range(200 - lockout.FAILURE_LIMIT):
        assert _login(client, "wrong-password").status_code == 429

    refused = _login(client, PASSWORD)
    page = refused.content.decode()
    assert refused.status_code == 429 and "登录已暂时锁定" in page
    until = throttle.try_again_at(MOMENT + timedelta(minutes=15))  # 2026年12月6日 09:15
    assert f"请于 <strong>{until}</strong> 之后再试" in page
    # Attempts while locked were neither checked nor counted: the wait did not grow.
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 5

    clock.shift(timedelta(minutes=15))  # 09:15:00, not yet after it
    assert _login(client, PASSWORD).status_code == 429
    clock.shift(timedelta(seconds=1))
    assert _logged_in(_login(client, PASSWORD))
    assert not AccessAttempt.objects.exists()  # a successful login clears the count


def test_a_failure_after_the_lockout_doubles_the_wait(
    user: Any, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT):
        _login(client, "wrong-password")
    clock.shift(timedelta(minutes=15, seconds=1))
    again = _login(client, "wrong-password")
    assert again.status_code == 429
    until = throttle.try_again_at(MOMENT + timedelta(minutes=15 + 30, seconds=1))  # 09:46
    assert until in again.content.decode()
    clock.shift(timedelta(minutes=30))
    assert _login(client, PASSWORD).status_code == 429
    clock.shift(timedelta(seconds=1))
    assert _logged_in(_login(client, PASSWORD))


def test_another_address_is_not_locked_out(user: Any, clock: time_machine.Traveller) -> None:
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT):
        _login(guesser, "wrong-password")
    assert _login(guesser, PASSWORD).status_code == 429
    assert _logged_in(_login(Client(REMOTE_ADDR="198.51.100.9"), PASSWORD))
    # Nor is another username from the guesser's address (a shared office gateway).
    factories.staff(factories.agency(), username="lisi")
    assert _logged_in(_login(guesser, PASSWORD, username="lisi"))


def test_a_successful_login_starts_the_count_again(
    user: Any, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT - 1):
        _login(client, "wrong-password")
    assert _logged_in(_login(client, PASSWORD))
    client.logout()
    for _ in range(lockout.FAILURE_LIMIT - 1):
        assert _login(client, "wrong-password").status_code == 200
    assert _logged_in(_login(client, PASSWORD))


def test_the_username_as_the_form_reads_it_is_counted(
    user: Any, clock: time_machine.Traveller
) -> None:
    """ " zhangsan" and full-width "ｚｈａｎｇｓａｎ" are the form's "zhangsan": no way around."""
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("zhangsan", " zhangsan", "ｚｈａｎｇｓａｎ", "zhangsan ", "zhangsan"):
        _login(client, "wrong-password", username=name)
    assert _login(client, PASSWORD, username=" ｚｈａｎｇｓａｎ").status_code == 429
    assert _login(client, PASSWORD).status_code == 429


def test_the_admin_login_is_locked_too(user: Any, clock: time_machine.Traveller) -> None:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT):
        _login(client, "wrong-password")
    refused = _login(client, PASSWORD, path=reverse("admin:login"))
    assert refused.status_code == 429 and "登录已暂时锁定" in refused.content.decode()


def test_the_count_is_in_the_database_for_every_process(
    user: Any, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT):
        _login(client, "wrong-password")
    cache.clear()  # nothing of it lives in a process's memory or the cache
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert _login(Client(REMOTE_ADDR="203.0.113.7"), PASSWORD).status_code == 429


def test_failures_are_forgotten_a_day_after_the_last(
    user: Any, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(lockout.FAILURE_LIMIT - 1):
        _login(client, "wrong-password")
    clock.shift(lockout.LONGEST + timedelta(seconds=1))
    for _ in range(lockout.FAILURE_LIMIT - 1):
        assert _login(client, "wrong-password").status_code == 200
    assert _logged_in(_login(client, PASSWORD))


def test_staff_tests_may_still_sign_in_directly(user: Any) -> None:
    """force_login skips authenticate(); the axes backend has no get_user, so the model backend
    is the one recorded in the session."""
    client = Client()
    client.force_login(user)
    assert client.get(reverse("office:workbench")).status_code == 200
