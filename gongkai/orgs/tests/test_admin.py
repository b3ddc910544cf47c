"""The admin's agency page writes memberships and details through orgs.services: a role change
there is an OrgEvent with the old and the new role, not just "changed 角色" (issue 14)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.orgs import services
from gongkai.orgs.models import Agency, Membership, OrgEvent, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("root", password="pw-for-tests-only")


@pytest.fixture
def admin(superuser: User) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def _form_data(client: Client, url: str) -> dict[str, Any]:
    """The change page's form as a browser would post it back unchanged."""
    context = client.get(url).context
    form = context["adminform"].form
    data: dict[str, Any] = {
        name: form[name].value() for name in form.fields if form[name].value() is not None
    }
    data = {k: v for k, v in data.items() if v is not False}
    for name, value in list(data.items()):
        if isinstance(value, datetime):  # the admin's split date and time widgets
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date(), local.time().replace(microsecond=0)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value() or (
                field.initial if field.initial is not None else 0
            )
        for each in formset.forms:
            for name in each.fields:
                value = each[name].value()
                if value not in (None, False):
                    data[each.add_prefix(name)] = value
    data["_save"] = "保存"
    return data


def test_role_change_added_member_and_removal_are_in_the_audit_log(
    admin: Client, superuser: User
) -> None:
    agency = services.create_agency("某市生态环境局", phone="0379-1111")
    editor = User.objects.create_user("editor", password="pw-for-tests-only")
    newcomer = User.objects.create_user("newcomer", password="pw-for-tests-only")
    leaver = User.objects.create_user("leaver", password="pw-for-tests-only")
    changed = services.add_member(editor, agency, Role.EDITOR)
    gone = services.add_member(leaver, agency, Role.REVIEWER)
    url = reverse("admin:orgs_agency_change", args=[agency.pk])
    data = _form_data(admin, url)
    rows = {data[f"memberships-{i}-id"]: i for i in range(2)}
    data[f"memberships-{rows[changed.pk]}-role"] = Role.HEAD
    data[f"memberships-{rows[gone.pk]}-DELETE"] = "on"
    data["memberships-2-user"], data["memberships-2-role"] = newcomer.pk, Role.HANDLER
    data["memberships-TOTAL_FORMS"] = 3
    data["phone"] = "0379-2222"
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["errors"]

    assert set(Membership.objects.values_list("user__username", "role")) == {
        ("editor", "head"),
        ("newcomer", "handler"),
    }
    events = {e.kind: e for e in OrgEvent.objects.filter(actor=superuser)}
    role = events[OrgEvent.Kind.MEMBER_CHANGED]
    assert (role.before["role"], role.after["role"], role.member) == ("editor", "head", editor)
    assert events[OrgEvent.Kind.MEMBER_ADDED].after["user"] == "newcomer"
    assert events[OrgEvent.Kind.MEMBER_REMOVED].before == {
        "user": "leaver",
        "role": "reviewer",
        "role_label": "审核员",
    }
    details = events[OrgEvent.Kind.AGENCY_CHANGED]
    assert (details.before["phone"], details.after["phone"]) == ("0379-1111", "0379-2222")


def test_an_agency_added_in_the_admin_is_placed_and_recorded(admin: Client) -> None:
    parent = services.create_agency("某市人民政府")
    data = _form_data(admin, reverse("admin:orgs_agency_add"))
    data.update({"name": "某市教育局", "kind": "department", "parent": parent.pk})
    assert admin.post(reverse("admin:orgs_agency_add"), data).status_code == 302
    agency = Agency.objects.get(name="某市教育局")
    assert agency.path.startswith(parent.path) and agency.path != parent.path
    event = OrgEvent.objects.filter(kind=OrgEvent.Kind.AGENCY_ADDED).first()
    assert event is not None and event.agency == agency and event.after["parent"] == "某市人民政府"


def test_deleting_a_user_in_the_admin_records_their_posts(admin: Client) -> None:
    agency = services.create_agency("某局")
    user = User.objects.create_user("departed", password="pw-for-tests-only")
    services.add_member(user, agency, Role.HANDLER)
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.MEMBER_REMOVED)
    assert event.label == "某局｜departed" and event.before["role"] == "handler"
    assert event.member is None  # the user is gone; the label keeps the name


def test_the_audit_log_is_read_only_in_the_admin(admin: Client) -> None:
    services.create_agency("某局")
    assert admin.get(reverse("admin:orgs_orgevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:orgs_orgevent_add")).status_code == 403


def test_account_flags_groups_and_permissions_are_in_the_audit_log(
    admin: Client, superuser: User
) -> None:
    from django.contrib.auth.models import Group, Permission

    clerk = User.objects.create_user("clerk", password="pw-for-tests-only")
    auditors = Group.objects.create(name="审计")
    view_log = Permission.objects.get(codename="view_orgevent")
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    data = _form_data(admin, url)
    data.update(is_staff="on", is_superuser="on", groups=[auditors.pk])
    data["user_permissions"] = [view_log.pk]
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    clerk.refresh_from_db()
    assert clerk.is_superuser and list(clerk.groups.all()) == [auditors]

    events = list(OrgEvent.objects.filter(member=clerk, actor=superuser).order_by("pk"))
    flags, permissions = (e for e in events if e.kind == OrgEvent.Kind.ACCOUNT_CHANGED)
    assert (flags.before["is_superuser"], flags.after["is_superuser"]) == (False, True)
    assert (flags.before["is_staff"], flags.after["is_staff"]) == (False, True)
    assert flags.label == "clerk"
    assert permissions.before == {"groups": [], "permissions": []}
    assert permissions.after == {"groups": ["审计"], "permissions": ["orgs.view_orgevent"]}

    response = admin.post(url, _form_data(admin, url))  # saved again unchanged: nothing new
    assert response.status_code == 302
    assert OrgEvent.objects.filter(member=clerk).count() == len(events)


def test_an_account_added_in_the_admin_is_in_the_audit_log(admin: Client, superuser: User) -> None:
    response = admin.post(
        reverse("admin:accounts_user_add"),
        {"username": "newbie", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9",
         "usable_password": "true", "_save": "保存"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["errors"]
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.ACCOUNT_ADDED)
    assert event.after["username"] == "newbie" and event.after["is_superuser"] is False
    assert event.actor == superuser and "password" not in event.after
