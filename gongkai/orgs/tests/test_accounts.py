"""Accounts through orgs.services (new with a post, one-time passwords, one's own change,
stopping and starting) and who administers what through orgs.access (issue 16). Every change is
an OrgEvent with the values before and after, and no event ever holds a password."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.http import Http404

from gongkai.accounts.models import User
from gongkai.orgs import access, services
from gongkai.orgs.models import Agency, Membership, OrgEvent, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Agency]:
    government = services.create_agency("某县人民政府")
    a = services.create_agency("某县财政局", parent=government)
    return {
        "government": government,
        "a": a,
        "centre": services.create_agency("某县财政局收费中心", parent=a),
        "b": services.create_agency("某县教育局", parent=government),
    }


def _user(name: str, *posts: tuple[Agency, str], **flags: bool) -> User:
    user = User.objects.create_user(name, password="pw-for-tests-only", **flags)
    for agency, role in posts:
        services.add_member(user, agency, role)
    return user


def _no_password_in(events: object, *passwords: str) -> None:
    dumped = json.dumps(list(events), ensure_ascii=False)  # type: ignore[call-overload]
    for password in passwords:
        assert password not in dumped


def test_one_time_passwords_are_random_readable_and_pass_the_validators() -> None:
    seen = {services.one_time_password() for _ in range(200)}
    assert len(seen) == 200
    for password in list(seen)[:20]:
        assert re.fullmatch(r"[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}", password)
        assert not set(password) & set("0O1lI")
        validate_password(password)  # raises if Django's validators refuse it


def test_a_new_account_holds_its_post_and_must_change_its_password(
    tree: dict[str, Agency],
) -> None:
    admin = _user("admin-a", (tree["a"], Role.ADMIN))
    user, password = services.create_account(
        admin, "zhangsan", tree["centre"], Role.HANDLER, display_name="张三", email="z@example.cn"
    )
    assert user.must_change_password and user.display_name == "张三"
    assert authenticate(username="zhangsan", password=password) == user
    assert list(Membership.objects.filter(user=user).values_list("agency", "role")) == [
        (tree["centre"].pk, "handler")
    ]
    added = OrgEvent.objects.get(kind=OrgEvent.Kind.ACCOUNT_ADDED)
    assert added.actor == admin and added.member == user and added.before == {}
    assert added.after["username"] == "zhangsan" and added.after["must_change_password"] is True
    assert "password" not in added.after
    post = OrgEvent.objects.get(kind=OrgEvent.Kind.MEMBER_ADDED, member=user)
    assert post.actor == admin and post.after["role"] == "handler"
    _no_password_in(OrgEvent.objects.values("before", "after"), password)


def test_a_reset_gives_a_one_time_password_and_records_only_that(tree: dict[str, Agency]) -> None:
    admin = _user("admin-a", (tree["a"], Role.ADMIN))
    clerk = _user("clerk", (tree["a"], Role.EDITOR))
    password = services.reset_password(admin, clerk)
    clerk.refresh_from_db()
    assert clerk.must_change_password
    assert authenticate(username="clerk", password="pw-for-tests-only") is None
    assert authenticate(username="clerk", password=password) == clerk
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.ACCOUNT_CHANGED, member=clerk)
    assert event.actor == admin
    assert event.before == {"password_reset": False, "must_change_password": False}
    assert event.after == {"password_reset": True, "must_change_password": True}
    _no_password_in(OrgEvent.objects.values("before", "after"), password, clerk.password)


def test_changing_ones_own_password_ends_the_forced_change(tree: dict[str, Agency]) -> None:
    clerk = _user("clerk", (tree["a"], Role.EDITOR))
    services.reset_password(None, clerk)
    services.change_password(clerk, "a-new-pass-phrase-7")
    clerk.refresh_from_db()
    assert not clerk.must_change_password and clerk.check_password("a-new-pass-phrase-7")
    event = OrgEvent.objects.filter(member=clerk).first()
    assert event is not None and event.actor == clerk
    assert event.after == {"password_changed": True, "must_change_password": False}
    _no_password_in(OrgEvent.objects.values("before", "after"), "a-new-pass-phrase-7")


def test_stopping_and_starting_an_account_is_recorded_once(tree: dict[str, Agency]) -> None:
    clerk = _user("clerk", (tree["a"], Role.EDITOR))
    admin = _user("admin-a", (tree["a"], Role.ADMIN))
    services.set_active(admin, clerk, False)
    services.set_active(admin, clerk, False)  # already stopped: nothing new
    clerk.refresh_from_db()
    assert not clerk.is_active
    events = OrgEvent.objects.filter(kind=OrgEvent.Kind.ACCOUNT_CHANGED, member=clerk)
    assert [(e.before["is_active"], e.after["is_active"]) for e in events] == [(True, False)]
    services.set_active(None, clerk, True)
    clerk.refresh_from_db()
    assert clerk.is_active and events.all().count() == 2


def test_an_agency_taken_out_of_use_keeps_its_posts(tree: dict[str, Agency]) -> None:
    _user("clerk", (tree["a"], Role.EDITOR))
    services.set_agency_active(None, tree["a"], False)
    a = Agency.objects.get(pk=tree["a"].pk)
    assert not a.is_active and a.memberships.count() == 1
    event = OrgEvent.objects.filter(kind=OrgEvent.Kind.AGENCY_CHANGED).get()
    assert (event.before["is_active"], event.after["is_active"]) == (True, False)
    assert a not in Agency.objects.active()


def test_a_system_administrator_administers_their_agency_and_those_below(
    tree: dict[str, Agency],
) -> None:
    admin = _user("admin-a", (tree["a"], Role.ADMIN))
    head = _user("head-gov", (tree["government"], Role.HEAD))
    root = _user("root", is_superuser=True)
    assert access.may_administer(admin) and access.may_administer(root)
    assert not access.may_administer(head)  # a head manages cases, not accounts
    assert set(access.administered_agencies(admin)) == {tree["a"], tree["centre"]}
    assert set(access.administered_agencies(root)) == set(Agency.objects.all())
    assert not access.administered_agencies(head).exists()
    with pytest.raises(Http404):
        access.get_agency_for_admin(admin, tree["b"].pk)
    assert access.get_agency_for_admin(admin, tree["centre"].pk) == tree["centre"]


def test_the_accounts_an_administrator_may_manage(tree: dict[str, Agency]) -> None:
    admin = _user("admin-a", (tree["a"], Role.ADMIN))
    inside = _user("inside", (tree["centre"], Role.HANDLER))
    both = _user("both", (tree["a"], Role.EDITOR), (tree["b"], Role.EDITOR))
    elsewhere = _user("elsewhere", (tree["b"], Role.HANDLER))
    superuser = _user("super-in-a", (tree["a"], Role.EDITOR), is_superuser=True)
    managed = set(access.administered_users(admin))
    assert inside in managed and admin in managed
    # B's administrator has a say over `both`; nobody below a superuser resets a superuser.
    assert not managed & {both, elsewhere, superuser}
    with pytest.raises(Http404):
        access.get_user_for_admin(admin, superuser.pk)
    # Their post in A is still A's to change.
    post = Membership.objects.get(user=both, agency=tree["a"])
    assert access.get_membership_for_admin(admin, post.pk) == post
    with pytest.raises(Http404):
        access.get_membership_for_admin(admin, Membership.objects.get(user=elsewhere).pk)
    root = _user("root", is_superuser=True)
    assert set(access.administered_users(root)) == set(User.objects.all())


def test_the_log_an_administrator_reads_is_their_own_agencies(tree: dict[str, Agency]) -> None:
    admin = _user("admin-a", (tree["a"], Role.ADMIN))
    services.create_account(admin, "inside", tree["centre"], Role.HANDLER)
    services.create_account(None, "outside", tree["b"], Role.HANDLER)
    labels = {e.label for e in access.org_events_for_admin(admin)}
    assert "inside" in labels and "某县财政局收费中心｜inside" in labels
    assert not {label for label in labels if "outside" in label or "教育局" in label}
    assert access.org_events_for_admin(_user("root", is_superuser=True)).count() == (
        OrgEvent.objects.count()
    )
