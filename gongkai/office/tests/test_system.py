"""系统管理 in the back office (issue 16): a 系统管理员 manages the agencies, accounts and posts of
their agency and those below it, in Chinese; a superuser all of them; every change is in the
audit log with the values before and after, shown in words; Django's admin is for superusers."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.applications.tests import factories
from gongkai.orgs.models import Agency, Membership, OrgEvent, Role

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]


@pytest.fixture
def world() -> dict[str, Any]:
    government = factories.agency("某县人民政府", kind="government")
    a = factories.agency("某县财政局", parent=government, code="CZ")
    centre = factories.agency("某县财政局收费中心", parent=a)
    b = factories.agency("某县教育局", parent=government)
    return {
        "government": government,
        "a": a,
        "centre": centre,
        "b": b,
        "admin": factories.staff(a, Role.ADMIN, username="xitong"),
        "editor": factories.staff(a, Role.EDITOR, username="xinxiyuan"),
        "handler_b": factories.staff(b, Role.HANDLER, username="jiaoyu"),
        "head": factories.staff(government, Role.HEAD, username="xianzhang"),
        "root": User.objects.create_superuser("root", password="pw-for-tests-only"),
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return str(response.content.decode())


def _main(response: Any) -> str:
    text = _text(response)
    return text[text.index("<main") : text.index("</main>")]


def test_only_system_administrators_and_superusers_may_enter(world: dict[str, Any]) -> None:
    url = reverse("office:system")
    for who in ("editor", "head", "handler_b"):
        refused = _client(world[who]).get(url)
        assert refused.status_code == 403, who
    assert "只有系统管理员可以使用系统管理" in _text(_client(world["editor"]).get(url))
    assert Client().get(url)["Location"].startswith(reverse("login"))
    assert _client(world["admin"]).get(url).status_code == 200
    assert _client(world["root"]).get(url).status_code == 200


def test_the_tree_shows_the_administrators_agency_and_those_below(world: dict[str, Any]) -> None:
    page = _main(_client(world["admin"]).get(reverse("office:system")))
    assert "<h1>系统管理</h1>" in page
    assert "某县财政局" in page and "某县财政局收费中心" in page
    assert "某县教育局" not in page and "某县人民政府" not in page
    # The centre is a list item inside the bureau's: the tree as nested lists.
    bureau = page.index(f'href="{reverse("office:system_agency", args=[world["a"].pk])}"')
    centre = page.index(f'href="{reverse("office:system_agency", args=[world["centre"].pk])}"')
    assert bureau < page.index("<ul>", bureau) < centre
    everything = _main(_client(world["root"]).get(reverse("office:system")))
    assert all(name in everything for name in ("某县人民政府", "某县教育局", "某县财政局收费中心"))


def test_an_agency_is_created_below_one_the_administrator_administers(
    world: dict[str, Any],
) -> None:
    client = _client(world["admin"])
    url = reverse("office:system_agency_new")
    assert "某县财政局收费中心" in _text(client.get(url, {"parent": world["centre"].pk}))
    response = client.post(
        url,
        {"name": "某县财政局票据室", "short_name": "票据室", "parent": world["centre"].pk,
         "kind": "office", "code": "pj"},
    )  # fmt: skip
    created = Agency.objects.get(name="某县财政局票据室")
    assert response["Location"] == reverse("office:system_agency", args=[created.pk])
    assert created.path.startswith(world["centre"].path) and created.code == "PJ"
    assert created.publishing_settings  # the platform's columns come with it (orgs.signals)
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.AGENCY_ADDED, agency=created)
    assert event.actor == world["admin"] and event.after["parent"] == "某县财政局收费中心"

    outside = client.post(url, {"name": "越权机关", "parent": world["b"].pk, "kind": "office"})
    assert "请从列表中选择上级机关" in _text(outside)
    no_parent = client.post(url, {"name": "顶级机关", "kind": "government"})
    assert "请选择上级机关" in _text(no_parent)
    assert not Agency.objects.filter(name__in=["越权机关", "顶级机关"]).exists()
    # A superuser may start a new tree.
    _client(world["root"]).post(url, {"name": "另一个县人民政府", "kind": "government"})
    assert Agency.objects.get(name="另一个县人民政府").parent is None


def test_an_agency_is_edited_with_limits_and_the_change_recorded(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    centre = world["centre"]
    url = reverse("office:system_agency", args=[centre.pk])
    page = _text(client.get(url))
    assert "机关名称" in page and "案件编号前缀" in page and "上级机关" in page
    refused = client.post(
        url, {"name": "甲" * 101, "kind": "office", "code": "G1", "parent": world["a"].pk}
    )
    text = _text(refused)
    assert "机关名称不能超过100个字符" in text and "案件编号前缀只能使用英文字母" in text
    taken = client.post(url, {"name": "某县教育局", "kind": "office", "parent": world["a"].pk})
    assert "已有同名的机关" in _text(taken)

    saved = client.post(
        url,
        {"name": "某县财政局非税收入中心", "short_name": "非税中心", "kind": "office",
         "code": "fs", "parent": world["a"].pk},
    )  # fmt: skip
    assert saved.status_code == 302
    centre.refresh_from_db()
    assert (centre.name, centre.short_name, centre.code, centre.kind) == (
        "某县财政局非税收入中心", "非税中心", "FS", "office",
    )  # fmt: skip
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.AGENCY_CHANGED, agency=centre)
    assert (event.before["name"], event.after["name"]) == (
        "某县财政局收费中心",
        "某县财政局非税收入中心",
    )
    assert event.actor == world["admin"]


def test_an_agency_cannot_move_below_itself_nor_out_of_reach(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    a, centre = world["a"], world["centre"]
    url = reverse("office:system_agency", args=[a.pk])
    # Not below itself, even for a superuser (who may move anything anywhere else).
    root = _client(world["root"])
    below = root.post(url, {"name": a.name, "kind": "department", "parent": centre.pk})
    assert below.status_code == 200 and "请从列表中选择上级机关" in _text(below)
    assert centre.name not in _text(root.get(url)).split('name="parent"')[1].split("</select>")[0]
    # A's parent is outside the administrator's reach: the field is fixed, a posted one ignored.
    assert "由上级机关的系统管理员调整" in _text(client.get(url))
    moved = client.post(url, {"name": a.name, "kind": "department", "parent": world["b"].pk})
    assert moved.status_code == 302
    a.refresh_from_db()
    assert a.parent == world["government"]


def test_an_agency_is_taken_out_of_use_and_back(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    centre = world["centre"]
    url = reverse("office:system_agency_active", args=[centre.pk])
    assert client.post(url, {}).status_code == 302  # no choice sent: nothing happens
    centre.refresh_from_db()
    assert centre.is_active
    client.post(url, {"active": "0"})
    centre.refresh_from_db()
    assert not centre.is_active
    page = _text(client.get(reverse("office:system_agency", args=[centre.pk])))
    assert "已停用" in page and "重新启用机关" in page
    client.post(url, {"active": "1"})
    centre.refresh_from_db()
    assert centre.is_active
    flips = OrgEvent.objects.filter(kind=OrgEvent.Kind.AGENCY_CHANGED, agency=centre)
    assert [e.after["is_active"] for e in flips.order_by("pk")] == [False, True]


def test_another_agencys_pages_are_not_found(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    b, handler_b = world["b"], world["handler_b"]
    for name, pk in (("system_agency", b.pk), ("system_user", handler_b.pk)):
        assert client.get(reverse(f"office:{name}", args=[pk])).status_code == 404
    post = Membership.objects.get(user=handler_b)
    for name, pk, data in (
        ("system_agency_active", b.pk, {"active": "0"}),
        ("system_member_add", b.pk, {"user": world["editor"].pk, "role": "editor"}),
        ("system_member", post.pk, {"action": "revoke"}),
        ("system_user_password", handler_b.pk, {"confirm": "1"}),
        ("system_user_active", handler_b.pk, {"active": "0"}),
    ):
        assert client.post(reverse(f"office:{name}", args=[pk]), data).status_code == 404, name
    handler_b.refresh_from_db()
    b.refresh_from_db()
    assert handler_b.is_active and b.is_active and Membership.objects.filter(pk=post.pk).exists()
    assert not OrgEvent.objects.filter(actor=world["admin"]).exists()


def test_a_user_is_created_with_a_post_and_a_one_time_password(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    url = reverse("office:system_user_new")
    page = _text(client.get(url, {"agency": world["centre"].pk}))
    assert "登录名" in page and "所在机关" in page and "岗位" in page
    response = client.post(
        url,
        {"username": "zhangsan", "display_name": "张三", "email": "zhangsan@example.cn",
         "agency": world["centre"].pk, "role": "handler"},
    )  # fmt: skip
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    text = _text(response)
    assert "已新建用户" in text and "此密码只显示这一次" in text
    start = text.index('id="one-time-password">') + len('id="one-time-password">')
    password = text[start : text.index("</code>", start)]
    user = User.objects.get(username="zhangsan")
    assert user.must_change_password and user.check_password(password)
    assert Membership.objects.filter(user=user, agency=world["centre"], role="handler").exists()
    events = OrgEvent.objects.filter(member=user)
    assert {e.kind for e in events} == {OrgEvent.Kind.ACCOUNT_ADDED, OrgEvent.Kind.MEMBER_ADDED}
    assert all(e.actor == world["admin"] for e in events)
    assert password not in json.dumps([[e.before, e.after] for e in events])
    # Shown once: the account's own page does not show it.
    assert password not in _text(client.get(reverse("office:system_user", args=[user.pk])))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "张三"}, "登录名只能使用英文字母、数字和 . _ -"),
        ({"username": "XinXiYuan"}, "这个登录名已被使用"),
        ({"username": "a" * 31}, "登录名不能超过30个字符"),
        ({"display_name": "王" * 51}, "姓名不能超过50个字符"),
        ({"display_name": ""}, "请填写姓名"),
        ({"email": "not-an-address"}, "请填写有效的电子邮箱地址"),
        ({"role": "mayor"}, "请从列表中选择岗位"),
        ({"agency": 0}, "请从列表中选择机关"),
    ],
)
def test_a_new_user_is_refused_with_the_reason(
    world: dict[str, Any], data: dict[str, Any], message: str
) -> None:
    posted = {"username": "zhangsan", "display_name": "张三", "agency": world["a"].pk,
              "role": "editor", **data}  # fmt: skip
    response = _client(world["admin"]).post(reverse("office:system_user_new"), posted)
    assert response.status_code == 200 and message in _text(response)
    assert not User.objects.filter(username__in=["zhangsan", "张三", "a" * 31]).exists()


def test_an_agency_outside_is_not_offered_for_a_new_user(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    assert "某县教育局" not in _text(client.get(reverse("office:system_user_new")))
    response = client.post(
        reverse("office:system_user_new"),
        {"username": "zhangsan", "display_name": "张三", "agency": world["b"].pk, "role": "editor"},
    )
    assert "请从列表中选择机关" in _text(response)


def test_a_password_reset_shows_a_one_time_password_once(world: dict[str, Any]) -> None:
    editor = world["editor"]
    their_session = _client(editor)
    assert their_session.get(reverse("office:sitecheck")).status_code == 200
    client = _client(world["admin"])
    url = reverse("office:system_user_password", args=[editor.pk])
    assert client.post(url, {}).status_code == 302  # no confirmation: nothing happens
    editor.refresh_from_db()
    assert not editor.must_change_password

    response = client.post(url, {"confirm": "1"})
    text = _text(response)
    assert "已重置密码" in text and "no-store" in response["Cache-Control"]
    start = text.index('id="one-time-password">') + len('id="one-time-password">')
    password = text[start : text.index("</code>", start)]
    editor.refresh_from_db()
    assert editor.must_change_password and editor.check_password(password)
    assert not editor.check_password("pw-for-tests-only")
    # Their open session ended with the old password.
    assert their_session.get(reverse("office:sitecheck"))["Location"].startswith(reverse("login"))
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.ACCOUNT_CHANGED, member=editor)
    assert event.actor == world["admin"] and event.after["password_reset"] is True
    assert password not in json.dumps([event.before, event.after])
    # Signing in with it leads straight to the change page.
    fresh = Client()
    fresh.post(reverse("login"), {"username": "xinxiyuan", "password": password})
    assert fresh.get(reverse("office:sitecheck"))["Location"] == reverse("password_change")


def test_an_administrator_neither_resets_nor_stops_themselves(world: dict[str, Any]) -> None:
    admin = world["admin"]
    client = _client(admin)
    page = _text(client.get(reverse("office:system_user", args=[admin.pk])))
    assert "这是您本人的账号" in page and "重置密码</button>" not in page
    reset = client.post(
        reverse("office:system_user_password", args=[admin.pk]), {"confirm": "1"}, follow=True
    )
    assert "请通过“修改密码”修改自己的密码" in _text(reset)
    stop = client.post(
        reverse("office:system_user_active", args=[admin.pk]), {"active": "0"}, follow=True
    )
    assert "不能停用自己的账号" in _text(stop)
    admin.refresh_from_db()
    assert admin.is_active and not admin.must_change_password


def test_an_account_is_stopped_and_started_again(world: dict[str, Any]) -> None:
    editor = world["editor"]
    their_session = _client(editor)
    client = _client(world["admin"])
    url = reverse("office:system_user_active", args=[editor.pk])
    stopped = client.post(url, {"active": "0"}, follow=True)
    assert '已停用账号：<span translate="no">xinxiyuan</span>' in _text(stopped)
    editor.refresh_from_db()
    assert not editor.is_active
    assert their_session.get(reverse("office:sitecheck"))["Location"].startswith(reverse("login"))
    assert not Client().login(username="xinxiyuan", password="pw-for-tests-only")
    assert "已停用" in _text(client.get(reverse("office:system_users")))
    client.post(url, {"active": "1"})
    assert Client().login(username="xinxiyuan", password="pw-for-tests-only")


def test_posts_are_granted_changed_and_revoked(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    a, editor = world["a"], world["editor"]
    add = reverse("office:system_member_add", args=[a.pk])
    granted = client.post(add, {"user": editor.pk, "role": "reviewer"})
    assert granted.status_code == 302
    post = Membership.objects.get(user=editor, agency=a, role="reviewer")
    again = client.post(add, {"user": editor.pk, "role": "reviewer"})
    assert again.status_code == 200 and "在本机关已有审核员岗位" in _text(again)
    stranger = client.post(add, {"user": world["handler_b"].pk, "role": "editor"})
    assert "请从列表中选择人员" in _text(stranger)

    url = reverse("office:system_member", args=[post.pk])
    clash = client.post(url, {"action": "change", "role": "editor"}, follow=True)
    assert "该人员在本机关已有信息员岗位" in _text(clash)
    changed = client.post(url, {"action": "change", "role": "handler"}, follow=True)
    assert "岗位变更为承办人" in _text(changed)
    post.refresh_from_db()
    assert post.role == "handler"
    client.post(url, {"action": "revoke"})
    assert not Membership.objects.filter(pk=post.pk).exists()
    kinds = [
        (e.kind, e.before.get("role"), e.after.get("role"))
        for e in OrgEvent.objects.filter(actor=world["admin"]).order_by("pk")
    ]
    assert kinds == [
        (OrgEvent.Kind.MEMBER_ADDED, None, "reviewer"),
        (OrgEvent.Kind.MEMBER_CHANGED, "reviewer", "handler"),
        (OrgEvent.Kind.MEMBER_REMOVED, "handler", None),
    ]


def test_an_administrator_does_not_change_their_own_post(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    own = Membership.objects.get(user=world["admin"])
    page = _text(client.get(reverse("office:system_agency", args=[world["a"].pk])))
    assert "本人岗位，请由其他系统管理员变更" in page
    refused = client.post(reverse("office:system_member", args=[own.pk]), {"action": "revoke"})
    assert refused.status_code == 302 and Membership.objects.filter(pk=own.pk).exists()
    # A superuser may (another administrator's post is theirs to change).
    _client(world["root"]).post(
        reverse("office:system_member", args=[own.pk]), {"action": "revoke"}
    )
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_the_user_list_is_the_administrators_accounts(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    page = _main(client.get(reverse("office:system_users")))
    assert "xinxiyuan" in page and "某县财政局：信息员" in page
    assert "jiaoyu" not in page and "xianzhang" not in page and "root" not in page
    found = _main(client.get(reverse("office:system_users"), {"q": "xinxi"}))
    assert "xinxiyuan" in found and "xitong" not in found
    assert "没有找到" in _main(client.get(reverse("office:system_users"), {"q": "nobody"}))


def test_the_log_reads_in_chinese_without_codes_or_passwords(world: dict[str, Any]) -> None:
    client = _client(world["admin"])
    editor = world["editor"]
    post = Membership.objects.get(user=editor)
    client.post(reverse("office:system_member", args=[post.pk]), {"action": "change", "role": "reviewer"})  # fmt: skip
    client.post(reverse("office:system_user_password", args=[editor.pk]), {"confirm": "1"})
    client.post(reverse("office:system_user_active", args=[editor.pk]), {"active": "0"})
    page = _main(client.get(reverse("office:system_log")))
    for words in ("重置密码", "密码已重置为一次性密码", "变更岗位", "岗位：", "信息员", "审核员",
                  "启用：", "是", "否", "下次登录须修改密码"):  # fmt: skip
        assert words in page, words
    for code in ("editor", "reviewer", "must_change_password", "password_reset", "True", "False",
                 "account_changed", "member_changed", "教育局"):  # fmt: skip
        assert code not in page, code
    user_page = _main(client.get(reverse("office:system_user", args=[editor.pk])))
    assert "重置密码" in user_page and "信息员" in user_page


def test_the_django_admin_is_for_superusers_only(world: dict[str, Any]) -> None:
    staff = factories.staff(world["a"], Role.ADMIN, username="old-style")
    staff.is_staff = True
    staff.save()
    refused = _client(staff).get("/admin/")
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    assert _client(staff).get("/admin/orgs/agency/").status_code == 302
    assert _client(world["root"]).get("/admin/").status_code == 200
