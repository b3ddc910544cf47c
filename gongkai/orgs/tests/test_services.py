"""Roles, memberships and agency details: each change is an OrgEvent with before, after and
who (issue 14)."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import User
from gongkai.orgs import services
from gongkai.orgs.models import Membership, OrgEvent, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user() -> User:
    return User.objects.create_user("admin-a", password="pw-for-tests-only")


def test_a_role_given_changed_and_taken_away(admin_user: User) -> None:
    agency = services.create_agency("某市生态环境局")
    member = User.objects.create_user("li", password="pw-for-tests-only")
    membership = services.add_member(member, agency, Role.EDITOR, admin_user)
    added = OrgEvent.objects.get(kind=OrgEvent.Kind.MEMBER_ADDED)
    assert (added.actor, added.agency, added.member) == (admin_user, agency, member)
    assert added.before == {}
    assert added.after == {"user": "li", "role": "editor", "role_label": "信息员"}

    services.add_member(member, agency, Role.EDITOR, admin_user)  # held already: no row
    assert OrgEvent.objects.filter(kind=OrgEvent.Kind.MEMBER_ADDED).count() == 1

    services.change_member(membership, admin_user, role=Role.HEAD)
    changed = OrgEvent.objects.get(kind=OrgEvent.Kind.MEMBER_CHANGED)
    assert changed.actor == admin_user and changed.label == "某市生态环境局｜li"
    assert (changed.before["role"], changed.after["role"]) == ("editor", "head")
    assert changed.after["role_label"] == "公开办负责人"

    services.remove_member(membership, admin_user)
    assert not Membership.objects.exists()
    removed = OrgEvent.objects.get(kind=OrgEvent.Kind.MEMBER_REMOVED)
    assert (removed.before["role"], removed.after, removed.actor) == ("head", {}, admin_user)


def test_a_post_handed_to_another_user_names_both() -> None:
    agency = services.create_agency("某区政府办")
    old, new = (User.objects.create_user(n, password="pw-for-tests-only") for n in ("a", "b"))
    membership = services.add_member(old, agency, Role.HANDLER)
    membership.user = new  # as a form leaves it: the service reads the old value itself
    services.change_member(membership, None, user=new)
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.MEMBER_CHANGED)
    assert (event.before["user"], event.after["user"], event.member) == ("a", "b", new)
    assert event.actor is None  # the system


def test_an_unknown_role_is_refused() -> None:
    agency = services.create_agency("某局")
    user = User.objects.create_user("c", password="pw-for-tests-only")
    with pytest.raises(ValueError, match="没有这种岗位"):
        services.add_member(user, agency, "overlord")
    membership = services.add_member(user, agency, Role.EDITOR)
    with pytest.raises(ValueError, match="没有这种岗位"):
        services.change_member(membership, None, role="overlord")
    assert Membership.objects.get().role == Role.EDITOR


def test_agency_details_keep_the_old_values(admin_user: User) -> None:
    parent = services.create_agency("某市人民政府")
    agency = services.create_agency("某市生态环境局", parent=parent, phone="0379-1111")
    agency.phone, agency.office_hours = "0379-2222", "工作日 9:00-17:00"
    services.save_agency(admin_user, agency)
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.AGENCY_CHANGED)
    assert event.actor == admin_user and event.agency == agency
    assert (event.before["phone"], event.after["phone"]) == ("0379-1111", "0379-2222")
    assert (event.before["office_hours"], event.after["office_hours"]) == (
        "",
        "工作日 9:00-17:00",
    )
    assert event.after["parent"] == "某市人民政府"
    services.save_agency(admin_user, agency)  # nothing changed: no row
    assert OrgEvent.objects.filter(kind=OrgEvent.Kind.AGENCY_CHANGED).count() == 1


def test_deleting_an_agency_records_its_posts_and_itself(admin_user: User) -> None:
    agency = services.create_agency("某临时机构")
    services.add_member(User.objects.create_user("d", password="x"), agency, Role.EDITOR)
    services.delete_agency(admin_user, agency)
    kinds = list(OrgEvent.objects.order_by("pk").values_list("kind", "agency", "label"))
    assert kinds[-2:] == [
        (OrgEvent.Kind.MEMBER_REMOVED, None, "某临时机构｜d"),
        (OrgEvent.Kind.AGENCY_REMOVED, None, "某临时机构"),
    ]
