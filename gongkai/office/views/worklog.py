"""The 政务公开工作台账, for an agency's 信息员, 公开办负责人 and 系统管理员: trainings, meetings
and surveys with their materials; 公开专区, 示范点 and offline facilities; the website's events;
the 政务新媒体 accounts with their monthly figures and an import of them. Records come from
worklog.access (another agency's is a 404); every change goes through worklog.services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.attachments import ALLOWED, AttachmentError
from gongkai.core.downloads import stored
from gongkai.office import worklog_forms as forms
from gongkai.office.views.common import gate, year_param
from gongkai.worklog import access, media, services
from gongkai.worklog.kinds import ActivityKind, VenueKind
from gongkai.worklog.models import Account, Activity, Venue, WebsiteEvent

work_staff = gate(access.may_use, "您没有登记政务公开工作台账的岗位")


@dataclass(frozen=True)
class Register:
    """One of the four registers as its pages name it."""

    title: str
    list_url: str  # URL name of its list
    record_url: str  # … of a record's page
    delete_url: str
    noun: str  # what one record is called on its buttons
    form: type[forms.RecordForm]
    year_of: Callable[[Any], int | None] = lambda record: None


ACTIVITIES = Register(
    "培训、会议和调研", "office:worklog_activities", "office:worklog_activity",
    "office:worklog_activity_delete", "活动", forms.ActivityForm, lambda r: r.held_on.year,
)  # fmt: skip
VENUES = Register(
    "公开专区、示范点和线下设施", "office:worklog_venues", "office:worklog_venue",
    "office:worklog_venue_delete", "场所", forms.VenueForm,
)  # fmt: skip
WEBSITE = Register(
    "网站建设事项", "office:worklog_website", "office:worklog_website_event",
    "office:worklog_website_delete", "事项", forms.WebsiteEventForm,
)  # fmt: skip
ACCOUNTS = Register(
    "政务新媒体账号", "office:worklog_accounts", "office:worklog_account",
    "office:worklog_account_delete", "账号", forms.AccountForm,
)  # fmt: skip


def _back(register: Register, record: Any) -> str:
    year = register.year_of(record)
    return reverse(register.list_url) + (f"?year={year}" if year else "")


def _record_page(
    request: HttpRequest,
    register: Register,
    record: Any,
    extra: dict[str, Any] | None = None,
    posted: bool | None = None,
) -> HttpResponse:
    """A record's form, new (`record.pk` unset) or an edit of the version the page showed.
    `posted`: whether the post is this form's (the activity's page also takes materials)."""
    agencies = access.work_agencies(request.user).order_by("path")
    posted = request.method == "POST" if posted is None else posted
    is_new = not record.pk
    form = register.form(request.POST if posted else None, instance=record, agencies=agencies)
    if posted and form.is_valid():
        try:
            services.keep(request.user, form.instance, form.cleaned_data.get("version"))
        except services.StaleEdit:
            form.add_error(None, forms.STALE)
        except services.Refused as error:
            form.add_error(None, str(error))
        except services.NotYours as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, "已登记" if is_new else "已保存")
            return redirect(_back(register, form.instance))
    context = {
        "register": register,
        "record": record,
        "form": form,
        "delete_form": forms.ConfirmForm(),
        "back": reverse(register.list_url) if is_new else _back(register, record),
        **(extra or {}),
    }
    return render(request, "office/worklog/record.html", context)


def _delete(request: HttpRequest, register: Register, record: Any) -> HttpResponse:
    """Deleting needs the tick: an empty post goes back to the record and deletes nothing."""
    if not forms.ConfirmForm(request.POST).is_valid():
        messages.error(request, "请先勾选“确认删除”，再点删除")
        return redirect(register.record_url, pk=record.pk)
    label, back = str(record), _back(register, record)
    services.remove(request.user, record)
    messages.success(request, f"已删除：{label}")
    return redirect(back)


@work_staff
def hub(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    agencies = access.work_agencies(request.user)
    counts = {
        "activities": access.activities_for_staff(request.user).filter(held_on__year=year).count(),
        "venues": access.venues_for_staff(request.user).filter(closed_on__isnull=True).count(),
        "website": access.website_events_for_staff(request.user).count(),
        "accounts": access.accounts_for_staff(request.user).filter(closed_on__isnull=True).count(),
    }
    return render(
        request,
        "office/worklog/hub.html",
        {"year": year, "counts": counts, "agencies": agencies},
    )


# --- 培训、会议和调研 ------------------------------------------------------------------------------


@work_staff
def activities(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    rows = access.activities_for_staff(request.user).filter(held_on__year=year)
    totals = {
        t["kind"]: t
        for t in rows.order_by().values("kind").annotate(n=Count("pk"), people=Sum("participants"))
    }
    summary = [
        (kind.label, totals.get(kind.value, {"n": 0, "people": None})) for kind in ActivityKind
    ]
    return render(
        request,
        "office/worklog/activities.html",
        {
            "year": year,
            "activities": rows.annotate(materials=Count("files")),
            "summary": summary,
            "several": access.work_agencies(request.user).count() > 1,
        },
    )


@work_staff
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    return _record_page(request, ACTIVITIES, Activity())


@work_staff
@require_http_methods(["GET", "POST"])
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity's form and its materials; another agency's activity is a 404."""
    found = access.get_activity_for_staff(request.user, pk)
    is_material = request.method == "POST" and "material" in request.POST
    material_form = forms.MaterialForm(
        request.POST if is_material else None, request.FILES if is_material else None
    )
    if is_material and material_form.is_valid():
        title, upload = material_form.cleaned_data["title"], material_form.cleaned_data["file"]
        try:
            services.add_material(request.user, found, title, upload)
        except AttachmentError as error:
            material_form.add_error("file", str(error))
        else:
            messages.success(request, "已上传材料")
            return redirect("office:worklog_activity", pk=found.pk)
    return _record_page(
        request,
        ACTIVITIES,
        found,
        {"material_form": material_form, "materials": found.files.order_by("uploaded_at")},
        posted=request.method == "POST" and not is_material,
    )


@work_staff
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, ACTIVITIES, access.get_activity_for_staff(request.user, pk))


@work_staff
def material(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_activity_file_for_staff(request.user, pk)
    name = found.file.name.rsplit("/", 1)[-1]
    kind = name.rsplit(".", 1)[-1].lower()
    return stored(found.file, name, ALLOWED.get(kind, "application/octet-stream"))


@work_staff
@require_POST
def material_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_activity_file_for_staff(request.user, pk)
    if request.POST.get("confirm") == "on":  # the button's own field: an empty post removes none
        services.remove_material(request.user, found)
        messages.success(request, f"已删除材料：{found.title}")
    return redirect("office:worklog_activity", pk=found.activity_id)


# --- 公开专区、示范点和线下设施 ----------------------------------------------------------------------


@work_staff
def venues(request: HttpRequest) -> HttpResponse:
    rows = list(access.venues_for_staff(request.user))
    groups = [(kind.label, [v for v in rows if v.kind == kind.value]) for kind in VenueKind]
    return render(
        request,
        "office/worklog/venues.html",
        {"groups": groups, "several": access.work_agencies(request.user).count() > 1},
    )


@work_staff
@require_http_methods(["GET", "POST"])
def venue_new(request: HttpRequest) -> HttpResponse:
    return _record_page(request, VENUES, Venue())


@work_staff
@require_http_methods(["GET", "POST"])
def venue(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, VENUES, access.get_venue_for_staff(request.user, pk), {})


@work_staff
@require_POST
def venue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, VENUES, access.get_venue_for_staff(request.user, pk))


# --- 网站建设事项 ----------------------------------------------------------------------------------


@work_staff
def website(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "office/worklog/website.html",
        {
            "events": access.website_events_for_staff(request.user),
            "several": access.work_agencies(request.user).count() > 1,
        },
    )


@work_staff
@require_http_methods(["GET", "POST"])
def website_new(request: HttpRequest) -> HttpResponse:
    return _record_page(request, WEBSITE, WebsiteEvent())


@work_staff
@require_http_methods(["GET", "POST"])
def website_event(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, WEBSITE, access.get_website_event_for_staff(request.user, pk), {})


@work_staff
@require_POST
def website_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, WEBSITE, access.get_website_event_for_staff(request.user, pk))


# --- 政务新媒体 ------------------------------------------------------------------------------------


def _year_of(figures: Any) -> media.Year | None:
    return media.year_of(media.Period(f.month, f.posts, f.issues, f.followers) for f in figures)


@work_staff
def accounts(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    rows = list(access.accounts_for_staff(request.user).prefetch_related("figures"))
    table = [(a, _year_of(f for f in a.figures.all() if f.year == year)) for a in rows]
    return render(
        request,
        "office/worklog/accounts.html",
        {
            "year": year,
            "table": table,
            "several": access.work_agencies(request.user).count() > 1,
        },
    )


@work_staff
@require_http_methods(["GET", "POST"])
def account_new(request: HttpRequest) -> HttpResponse:
    return _record_page(request, ACCOUNTS, Account())


@work_staff
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, ACCOUNTS, access.get_account_for_staff(request.user, pk), {})


@work_staff
@require_POST
def account_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, ACCOUNTS, access.get_account_for_staff(request.user, pk))


@work_staff
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest, pk: int) -> HttpResponse:
    """An account's year, month by month, in one form (blank = not entered)."""
    found = access.get_account_for_staff(request.user, pk)
    year = year_param(request)
    held = {f.month: f for f in found.figures.filter(year=year)}
    form = forms.FiguresForm(
        request.POST if request.method == "POST" else None, held=held, initial={"year": year}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["year"] != year:
            form.add_error(None, "页面的年度与地址不符，请刷新页面后重新填写")
        else:
            try:
                services.save_year(request.user, found, year, form.entries())
            except services.Refused as error:
                form.add_error(None, str(error))
            except services.NotYours as error:
                raise PermissionDenied(str(error)) from None
            else:
                messages.success(request, f"已保存{year}年的数据")
                return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "office/worklog/figures.html",
        {
            "account": found,
            "year": year,
            "form": form,
            "totals": _year_of(held.values()),
            "whole_year": media.WHOLE_YEAR,
        },
    )


@work_staff
@require_http_methods(["GET", "POST"])
def figures_import(request: HttpRequest) -> HttpResponse:
    agencies = access.work_agencies(request.user).order_by("path")
    posted = request.method == "POST"
    form = forms.AccountFiguresImportForm(
        request.POST if posted else None, request.FILES if posted else None, agencies=agencies
    )
    if posted and form.is_valid():
        try:
            stored = form.store_all(partial(services.save_figure, request.user))
        except (services.Refused, services.NotYours) as error:
            form.add_error("file", f"没有导入任何数据：{error}")
            stored = None
        if stored is not None:
            messages.success(request, f"已导入{stored}行数据")
            return redirect("office:worklog_accounts")
    return render(request, "office/worklog/import.html", {"form": form})
