"""Changing one's own password (Django's form and validators, in Chinese), and the forced change
of a password someone else has seen: a reset's one-time password, a printed demo password."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.middleware import PasswordChangeRequired
from gongkai.accounts.models import User
from gongkai.applications.tests import factories
from gongkai.orgs import services
from gongkai.orgs.models import OrgEvent, Role

pytestmark = pytest.mark.django_db
OLD = "pw-for-tests-only"  # factories.staff
NEW = "qing-shui-he-pan-42"


@pytest.fixture
def handler() -> User:
    return factories.staff(factories.agency("某县财政局"), Role.HANDLER, username="chengban")


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change(client: Client, old: str = OLD, new: str = NEW, again: str | None = None) -> Any:
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_the_change_page_is_in_chinese_with_the_rules(handler: User) -> None:
    page = _signed_in(handler).get(reverse("password_change"))
    text = page.content.decode()
    assert page.status_code == 200 and "<h1>修改密码</h1>" in text
    for words in ("旧密码", "新密码", "新密码确认", "至少 10 个字符", "不能全都是数字"):
        assert words in text, words
    assert 'autocomplete="new-password"' in text and "管理员重置" not in text


def test_a_signed_out_visitor_is_sent_to_the_login() -> None:
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("wrong-password", NEW, None, "你的旧密码不正确"),
        (OLD, "short-7", None, "密码太短，至少需要10个字符"),  # Django has no Chinese for it
        (OLD, "password123", None, "这个密码太常见了"),
        (OLD, "2718281828459045", None, "密码只包含数字"),
        (OLD, NEW, "something-else-9", "输入的两个密码不一致"),
        (OLD, "chengban-1", None, "太相似了"),
    ],
)
def test_a_refused_password_says_why_in_chinese(
    handler: User, old: str, new: str, again: str | None, message: str
) -> None:
    response = _change(_signed_in(handler), old, new, again)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "This password" not in text
    handler.refresh_from_db()
    assert handler.check_password(OLD) and not OrgEvent.objects.filter(member=handler).exclude(
        kind=OrgEvent.Kind.MEMBER_ADDED
    )


def test_a_changed_password_keeps_the_session_and_is_recorded_without_it(handler: User) -> None:
    client = _signed_in(handler)
    response = _change(client)
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    done = client.get(response["Location"])
    assert "密码已修改" in done.content.decode() and "进入工作台" in done.content.decode()
    assert client.get(reverse("office:workbench")).status_code == 200  # still signed in
    handler.refresh_from_db()
    assert handler.check_password(NEW)
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.ACCOUNT_CHANGED, member=handler)
    assert event.actor == handler and event.after["password_changed"] is True
    assert NEW not in str(event.before) + str(event.after)
    assert Client().login(username="chengban", password=NEW)


def test_a_reset_password_must_be_changed_before_anything_else(handler: User) -> None:
    one_time = services.reset_password(None, handler)
    client = Client()
    login = client.post(reverse("login"), {"username": "chengban", "password": one_time})
    assert login.status_code == 302
    # Wherever they go, they are sent to the change page, which says why.
    for path in (reverse("office:workbench"), "/office/cases/new/", "/admin/", reverse("home")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "您正在使用管理员重置或系统生成的密码" in page
    assert client.post(reverse("office:case_new"), {}).status_code == 302

    response = _change(client, old=one_time)
    assert response["Location"] == reverse("password_change_done")
    handler.refresh_from_db()
    assert not handler.must_change_password
    assert client.get(reverse("office:workbench")).status_code == 200


def test_a_user_who_must_change_may_still_sign_out(handler: User) -> None:
    services.reset_password(None, handler)
    client = _signed_in(handler)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("office:workbench"))["Location"].startswith(reverse("login"))


def test_static_files_and_the_change_page_itself_are_exempt() -> None:
    assert PasswordChangeRequired._exempt("/static/gongkai/site.css")
    assert PasswordChangeRequired._exempt(reverse("password_change"))
    assert PasswordChangeRequired._exempt(reverse("logout"))
    assert not PasswordChangeRequired._exempt(reverse("password_change_done"))
    assert not PasswordChangeRequired._exempt("/office/")
