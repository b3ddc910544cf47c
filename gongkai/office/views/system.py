"""系统管理 in the back office, for a 系统管理员 (their agency and those below it) and for
superusers (everything): the agencies as a tree, accounts (new, stopped, started again, a
password reset to a one-time password shown once), the posts in each agency, and the audit log
of all of it. Every change goes through orgs.services, which records it with the values before
and after; who may see what is decided in orgs.access.

Also here: changing one's own password (any signed-in user; /accounts/password/), since the
change is recorded by orgs.services too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.office.system_forms import (
    ActiveForm,
    AgencyForm,
    GrantForm,
    MemberForm,
    NewUserForm,
    PasswordChangeForm,
    ResetForm,
)
from gongkai.office.views.common import PAGE_SIZE, gate
from gongkai.orgs import access as org_access
from gongkai.orgs import services, website
from gongkai.orgs.models import Agency, AgencyKind, Membership, OrgEvent, Role

administrators = gate(org_access.may_administer, "只有系统管理员可以使用系统管理")
SEARCH_MAX = 50  # ?q= on the account list: a name or a login name, no more


# --- one's own password ---------------------------------------------------------------------------


class PasswordChange(auth_views.PasswordChangeView):
    """Django's page and form (the old password, the new one twice, the validators of
    AUTH_PASSWORD_VALIDATORS in Chinese); saved through orgs.services, which ends a forced
    change and records that the password was changed."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        user = services.change_password(self.request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)  # this session stays signed in
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_changed.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["administering"] = org_access.may_administer(self.request.user)
        context["home"] = resolve_url(settings.LOGIN_REDIRECT_URL)  # each post's home
        return context


password_change = PasswordChange.as_view()
password_change_done = PasswordChangeDone.as_view()


def _who(person: Any) -> str:
    """A person (their name, else their login name) in a message: data, not language."""
    return format_html('<span translate="no">{}</span>', person)


# --- the agencies ---------------------------------------------------------------------------------


@dataclass
class Node:
    agency: Agency
    children: list[Node] = field(default_factory=list)


def _tree(agencies: list[Agency]) -> list[Node]:
    """The agencies (in path order) as a forest: an agency whose parent is not among them is a
    root (for a 系统管理员, the agency they administer)."""
    nodes = {agency.pk: Node(agency) for agency in agencies}
    roots: list[Node] = []
    for agency in agencies:
        parent = nodes.get(agency.parent_id) if agency.parent_id else None
        (parent.children if parent else roots).append(nodes[agency.pk])
    return roots


@administrators
@require_GET
def system(request: HttpRequest) -> HttpResponse:
    agencies = org_access.administered_agencies(request.user)
    counted = agencies.annotate(members=Count("memberships__user", distinct=True))
    return render(
        request,
        "office/system.html",
        {
            "tree": _tree(list(counted.order_by("path"))),
            "account_count": org_access.administered_users(request.user).count(),
            "superuser": request.user.is_superuser,
        },
    )


def _agency_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> AgencyForm:
    return AgencyForm(
        data,
        agencies=org_access.administered_agencies(request.user),
        superuser=request.user.is_superuser,
        **kwargs,
    )


@administrators
@require_http_methods(["GET", "POST"])
def agency_new(request: HttpRequest) -> HttpResponse:
    parent = request.GET.get("parent", "")
    initial = {"parent": int(parent)} if parent.isdigit() else {}
    form = _agency_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        agency = services.save_agency(request.user, form.instance)
        messages.success(request, f"已新建机关：{agency.name}")
        return redirect("office:system_agency", pk=agency.pk)
    return render(request, "office/system_agency_new.html", {"form": form})


def _agency_page(
    request: HttpRequest,
    agency: Agency,
    *,
    form: AgencyForm | None = None,
    grant: GrantForm | None = None,
    status: int = 200,
) -> HttpResponse:
    users = org_access.administered_users(request.user)
    manageable = set(users.values_list("pk", flat=True))
    members = Membership.objects.filter(agency=agency).select_related("user")
    return render(
        request,
        "office/system_agency.html",
        {
            "agency": agency,
            "form": form or _agency_form(request, instance=agency),
            "grant": grant or GrantForm(agency=agency, users=users),
            "members": [
                (m, m.user_id in manageable, _own(request, m))
                for m in members.order_by("user__username", "role")
            ],
            "roles": Role.choices(),
            "children": agency.children.order_by("path"),
            "parent_administered": bool(
                agency.parent_id
                and org_access.administered_agencies(request.user)
                .filter(pk=agency.parent_id)
                .exists()
            ),
            "events": _described(
                OrgEvent.objects.filter(agency=agency).select_related("actor")[:20]
            ),
        },
        status=status,
    )


def _own(request: HttpRequest, membership: Membership) -> bool:
    """A post of the administrator's own, which only another administrator may change (no one
    takes their own access away by a slip)."""
    return membership.user_id == request.user.pk and not request.user.is_superuser


@administrators
@require_http_methods(["GET", "POST"])
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    shown = org_access.get_agency_for_admin(request.user, pk)
    if request.method != "POST":
        return _agency_page(request, shown)
    edited = org_access.get_agency_for_admin(request.user, pk)
    form = _agency_form(request, request.POST, instance=edited)
    if form.is_valid():
        try:
            services.save_agency(request.user, form.instance)
        except ValueError as error:  # moved below itself meanwhile
            form.add_error("parent", str(error))
        else:
            messages.success(request, "已保存机关信息")
            return redirect("office:system_agency", pk=pk)
    return _agency_page(request, shown, form=form)


@administrators
@require_POST
def agency_active(request: HttpRequest, pk: int) -> HttpResponse:
    agency = org_access.get_agency_for_admin(request.user, pk)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择启用或停用")
    else:
        active = form.cleaned_data["active"]
        services.set_agency_active(request.user, agency, active)
        messages.success(request, f"已{'启用' if active else '停用'}机关：{agency.name}")
    return redirect("office:system_agency", pk=pk)


@administrators
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    agency = org_access.get_agency_for_admin(request.user, pk)
    users = org_access.administered_users(request.user)
    grant = GrantForm(request.POST, agency=agency, users=users)
    if not grant.is_valid():
        return _agency_page(request, agency, grant=grant)
    user, role = grant.cleaned_data["user"], grant.cleaned_data["role"]
    services.add_member(user, agency, role, request.user)
    messages.success(request, format_html("已授予{}{}岗位", _who(user), Role(role).label))
    return redirect("office:system_agency", pk=pk)


@administrators
@require_POST
def member(request: HttpRequest, pk: int) -> HttpResponse:
    membership = org_access.get_membership_for_admin(request.user, pk)
    back = redirect("office:system_agency", pk=membership.agency_id)
    if _own(request, membership):
        messages.error(request, "不能变更或撤销自己的岗位，请由其他系统管理员办理")
        return back
    form = MemberForm(request.POST, membership=membership)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, "；".join(str(e) for e in error))
        return back
    if form.cleaned_data["action"] == "revoke":
        services.remove_member(membership, request.user)
        label = membership.get_role_display()
        messages.success(request, format_html("已撤销{}的{}岗位", _who(membership.user), label))
    else:
        role = form.cleaned_data["role"]
        services.change_member(membership, request.user, role=role)
        label = Role(role).label
        messages.success(request, format_html("已将{}的岗位变更为{}", _who(membership.user), label))
    return back


# --- accounts -------------------------------------------------------------------------------------


@administrators
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    found = org_access.administered_users(request.user)
    if query:
        found = found.filter(Q(username__icontains=query) | Q(display_name__icontains=query))
    posts = Membership.objects.select_related("agency").order_by("agency__path", "role")
    found = found.prefetch_related(Prefetch("memberships", queryset=posts)).order_by("username")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/system_users.html", {"page": page, "query": query})


@administrators
@require_http_methods(["GET", "POST"])
@never_cache  # the answer to the POST carries the one-time password
def user_new(request: HttpRequest) -> HttpResponse:
    agencies = org_access.administered_agencies(request.user)
    initial = {}
    if (agency := request.GET.get("agency", "")).isdigit():
        initial["agency"] = int(agency)
    form = NewUserForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.create_account(
            request.user,
            data["username"],
            data["agency"],
            data["role"],
            display_name=data["display_name"],
            email=data["email"],
        )
        return render(
            request,
            "office/system_password.html",
            {"account": user, "password": password, "created": True, "agency": data["agency"],
             "role": Role(data["role"]).label},
        )  # fmt: skip
    return render(request, "office/system_user_new.html", {"form": form})


@administrators
@require_GET
def user(request: HttpRequest, pk: int) -> HttpResponse:
    account = org_access.get_user_for_admin(request.user, pk)
    administered = set(org_access.administered_agencies(request.user).values_list("pk", flat=True))
    posts = account.memberships.select_related("agency").order_by("agency__path", "role")
    events = OrgEvent.objects.filter(member=account).select_related("actor", "agency")
    return render(
        request,
        "office/system_user.html",
        {
            "account": account,
            "posts": [(p, p.agency_id in administered) for p in posts],
            "own": account.pk == request.user.pk,
            "events": _described(events[:20]),
        },
    )


@administrators
@require_POST
@never_cache
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = org_access.get_user_for_admin(request.user, pk)
    if account.pk == request.user.pk:
        messages.error(request, "请通过“修改密码”修改自己的密码")
        return redirect("office:system_user", pk=pk)
    if not ResetForm(request.POST).is_valid():
        messages.error(request, "请确认重置密码")
        return redirect("office:system_user", pk=pk)
    password = services.reset_password(request.user, account)
    return render(
        request, "office/system_password.html", {"account": account, "password": password}
    )


@administrators
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = org_access.get_user_for_admin(request.user, pk)
    form = ActiveForm(request.POST)
    if account.pk == request.user.pk:
        messages.error(request, "不能停用自己的账号")
    elif not form.is_valid():
        messages.error(request, "请选择启用或停用")
    else:
        active = form.cleaned_data["active"]
        services.set_active(request.user, account, active)
        done = "启用" if active else "停用"
        messages.success(request, format_html("已{}账号：{}", done, _who(account.username)))
    return redirect("office:system_user", pk=pk)


# --- the audit log --------------------------------------------------------------------------------


@administrators
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    events = org_access.org_events_for_admin(request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "office/system_log.html", {"page": page, "events": _described(page.object_list)}
    )


# What the audit rows' keys mean, in the order they are listed (orgs.services' states).
FIELD_LABELS = {
    "name": "机关名称",
    "short_name": "简称",
    "kind": "类型",
    "parent": "上级机关",
    "slug": "机关代码",
    "code": "案件编号前缀",
    "office_name": "政府信息公开工作机构",
    "address": "地址",
    "postcode": "邮编",
    "phone": "电话",
    "fax": "传真",
    "email": "电子邮箱",
    "office_hours": "办公时间",
    "is_active": "启用",
    "user": "人员",
    "role": "岗位",
    "username": "登录名",
    "display_name": "姓名",
    "first_name": "名",
    "last_name": "姓",
    "is_staff": "可进入后台",
    "is_superuser": "超级用户",
    "must_change_password": "下次登录须修改密码",
    "groups": "权限组",
    "permissions": "后台权限",
    "site_name": "网站名称",
    **{field.name: field.label for field in website.FOOTER},
    "emblem": "网站标志",
}
ADDED = {OrgEvent.Kind.AGENCY_ADDED, OrgEvent.Kind.MEMBER_ADDED, OrgEvent.Kind.ACCOUNT_ADDED}
REMOVED = {OrgEvent.Kind.AGENCY_REMOVED, OrgEvent.Kind.MEMBER_REMOVED}


@dataclass(frozen=True)
class Change:
    """One value of an audit row: `old` → `new` (for an addition only `new`, for a removal only
    `old`; a sentence of its own in `label` when neither)."""

    label: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Described:
    event: OrgEvent
    title: str
    changes: list[Change]


def _described(events: Any) -> list[Described]:
    return [_describe(event) for event in events]


def _describe(event: OrgEvent) -> Described:
    """An audit row in words: what was done, and each value that changed (from → to)."""
    before, after = event.before or {}, event.after or {}
    title = event.get_kind_display()
    changes: list[Change] = []
    if after.get("password_reset"):
        title, changes = "重置密码", [Change("密码已重置为一次性密码")]
    elif after.get("password_changed"):
        title, changes = "修改密码", [Change("本人修改了密码")]
    for key, label in FIELD_LABELS.items():
        old, new = before.get(key), after.get(key)
        if old == new or key not in before.keys() | after.keys():
            continue
        if event.kind in ADDED:
            if new not in (None, "", False, []):
                changes.append(Change(label, new=_value(key, new)))
        elif event.kind in REMOVED:
            changes.append(Change(label, old=_value(key, old)))
        else:
            changes.append(Change(label, _value(key, old), _value(key, new)))
    return Described(event, title, changes)


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "role" and value in set(Role):
        return str(Role(value).label)
    if key == "kind" and value in AgencyKind.values:
        return str(AgencyKind(value).label)
    if key == "permissions" and isinstance(value, list):
        return f"{len(value)}项" if value else "无"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "无"
    return str(value)
