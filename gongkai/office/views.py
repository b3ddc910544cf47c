"""The staff back office: the workbench of open cases, the case page with one action per button,
registration of letters and walk-ins, documents, statistics, the register and the calendar.

Views parse and authorise; services decide and write. Cases come only from
applications.access, so another agency's case is a 404 on every URL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.models import User
from gongkai.applications import access, documents, register, services, stats, workflow
from gongkai.applications.deadlines import merged_pauses
from gongkai.applications.models import (
    RECEIPT_RULES,
    ApplicantKind,
    Application,
    Channel,
    ImportBatch,
    NoticeTemplate,
)
from gongkai.applications.workflow import Action, Status
from gongkai.calendar import services as calendar_services
from gongkai.calendar.models import CalendarYear
from gongkai.office import forms
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Membership, Role

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def case_staff(view: View) -> View:
    """Signed in and holding a case role (承办人 or 公开办负责人) somewhere."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.case_agencies(request.user).exists():
            raise PermissionDenied("您没有办理依申请公开案件的岗位")
        return view(request, *args, **kwargs)

    return wrapper


def managers(view: View) -> View:
    """Signed in as a 公开办负责人 or 系统管理员 of some agency."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _managed(request.user).exists():
            raise PermissionDenied("只有公开办负责人或系统管理员可以使用此功能")
        return view(request, *args, **kwargs)

    return wrapper


def _managed(user: Any) -> Any:
    return org_access.agencies_for(user, roles=(Role.HEAD, Role.ADMIN))


# --- workbench ------------------------------------------------------------------------------------


def _handlers(agencies: Any) -> Any:
    ids = Membership.objects.filter(agency__in=agencies, role__in=workflow.HANDLERS).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids).order_by("username")


@case_staff
def workbench(request: HttpRequest) -> HttpResponse:
    agencies = access.case_agencies(request.user)
    handlers = _handlers(agencies)
    choices = [(str(u.pk), str(u)) for u in handlers]
    filters = forms.WorkbenchFilter(request.GET or None, handlers=choices)
    cases = access.cases_for_staff(request.user).select_related("agency", "applicant", "handler")
    data = filters.cleaned_data if filters.is_valid() else {}
    cases = cases.filter(status=data["status"]) if data.get("status") else cases.open()
    if data.get("channel"):
        cases = cases.filter(channel=data["channel"])
    if data.get("handler") == "none":
        cases = cases.filter(handler__isnull=True)
    elif data.get("handler"):
        cases = cases.filter(handler_id=data["handler"])
    if data.get("year"):
        cases = cases.received_in(data["year"])
    if data.get("q"):
        cases = cases.filter(tracking_code__icontains=data["q"].strip())
    ordered = cases.order_by(F("due_date").asc(nulls_last=True), "received_on", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    calendar = calendar_services.current()
    rows = [(case, *services.due_status(case, calendar, today)) for case in page]
    open_cases = access.cases_for_staff(request.user).open()
    counts = {"open": open_cases.count(), "overdue": open_cases.overdue(today).count()}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/workbench.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "counts": counts,
            "today": today,
            "query": query.urlencode(),
        },
    )


# --- registering ----------------------------------------------------------------------------------


@case_staff
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    agencies = access.case_agencies(request.user)
    post = request.POST if request.method == "POST" else None
    case_form = forms.CaseForm(post, agencies=agencies, prefix="case")
    applicant_form = forms.ApplicantForm(post, prefix="applicant")
    if post is not None and case_form.is_valid() and applicant_form.is_valid():
        case = {k: v for k, v in case_form.cleaned_data.items() if k != "agency"}
        try:
            received = services.receive(
                agency=case_form.cleaned_data["agency"],
                actor=request.user,
                applicant=applicant_form.cleaned_data,
                case=case,
            )
        except services.CaseError as exc:
            case_form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"已登记，跟踪码 {received.application.tracking_code}，"
                f"查询码 {received.check_code}（请告知申请人，系统不再显示）",
            )
            return redirect("office:case", pk=received.application.pk)
    status = 422 if post is not None else 200
    return render(
        request,
        "office/case_new.html",
        {"case_form": case_form, "applicant_form": applicant_form},
        status=status,
    )


# --- the case page ---------------------------------------------------------------------------------


def _case_context(
    request: HttpRequest, case: Application, failed: tuple[Action, Any] | None = None
) -> dict[str, Any]:
    events = list(case.events.select_related("actor"))
    roles = org_access.roles_in(request.user, case.agency)
    action_forms = []
    for action in workflow.allowed_actions(Status(case.status)):
        if not roles & workflow.ACTION_ROLES[action]:
            continue
        if failed and failed[0] == action:
            form = failed[1]
        else:
            form = forms.ACTION_FORMS[action](
                initial={"version": case.version, "on": timezone.localdate()}, prefix=action.value
            )
        action_forms.append((action, form))
    deadline = services.deadline_of(case)
    explain = None
    if request.GET.get("explain") and deadline.counts_from and deadline.reply_due:
        calendar = calendar_services.current()
        pauses = [(a, b) for a, b in _pauses(case, deadline)]
        try:
            explain = calendar.explain(deadline.counts_from, deadline.reply_due, pauses)
        except services.CalendarNotCovered:
            explain = None
    assign_form = None
    if Role.HEAD in roles or Role.HANDLER in roles:
        assign_form = forms.AssignForm(
            initial={"version": case.version, "handler": case.handler_id},
            handlers=_handlers(access.case_agencies(request.user).filter(pk=case.agency_id)),
        )
    return {
        "case": case,
        "events": events,
        "deadline": deadline,
        "explain": explain,
        "action_forms": action_forms,
        "assign_form": assign_form,
        "documents": documents.available(events),
        "status": Status(case.status),
        "receipt_rule": RECEIPT_RULES.get(case.channel, ""),
        "due": services.due_status(case, calendar_services.current(), timezone.localdate()),
    }


def _pauses(case: Application, deadline: Any) -> list[tuple[date, date]]:
    clock = services.clock_of(case)
    return merged_pauses(clock.pauses, deadline.counts_from, timezone.localdate())


@case_staff
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    return render(request, "office/case.html", _case_context(request, case))


@case_staff
@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404("没有这个操作") from None
    form = forms.ACTION_FORMS[chosen](request.POST, prefix=chosen.value)
    if form.is_valid():
        try:
            services.ACTIONS[chosen](
                case, request.user, version=form.cleaned_data["version"], **form.arguments()
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已{chosen.label}")
            return redirect("office:case", pk=case.pk)
    case.refresh_from_db()
    context = _case_context(request, case, failed=(chosen, form))
    return render(request, "office/case.html", context, status=422)


@case_staff
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    handlers = _handlers(access.case_agencies(request.user).filter(pk=case.agency_id))
    form = forms.AssignForm(request.POST, handlers=handlers)
    if form.is_valid():
        try:
            services.assign(
                case,
                request.user,
                form.cleaned_data["handler"],
                version=form.cleaned_data["version"],
            )
        except services.CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已指定承办人：{form.cleaned_data['handler']}")
    else:
        messages.error(request, "请选择本机关的承办人")
    return redirect("office:case", pk=case.pk)


@case_staff
def case_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    events = list(case.events.all())
    if kind not in {k.key for k in documents.available(events)}:
        raise Http404("该文书尚不能生成")
    content = documents.render_notice(case, kind, events)
    title = documents.template_for(case, kind)[0]
    return _download(
        content,
        f"{title}-{case.tracking_code}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    suffix = filename[filename.rfind(".") :]
    response["Content-Disposition"] = (
        f"attachment; filename=\"download{suffix}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


# --- statistics and the register -----------------------------------------------------------------


@case_staff
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        if not (2008 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except ValueError:
        messages.error(request, "年份或月份无效，已显示本月")
        year, month = today.year, today.month
    cases = access.cases_for_staff(request.user)
    figures = stats.monthly(cases, year, month, calendar_services.current())
    labels = {
        "channel": dict(Channel.choices),
        "kind": dict(ApplicantKind.choices),
        "outcome": {o.key: o.label for o in workflow.OUTCOMES},
    }
    return render(
        request,
        "office/statistics.html",
        {
            "year": year,
            "month": month,
            "figures": figures,
            "labels": labels,
            "months": range(1, 13),
            "by_channel": [(labels["channel"].get(k, k), v) for k, v in figures.by_channel.items()],
            "by_kind": [(labels["kind"].get(k, k), v) for k, v in figures.by_kind.items()],
            "by_outcome": [(labels["outcome"].get(k, k), v) for k, v in figures.by_outcome.items()],
        },
    )


@case_staff
def register_export(request: HttpRequest) -> HttpResponse:
    cases = access.cases_for_staff(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.received_in(int(year))
    content = register.export(cases)
    name = f"政府信息公开申请台账{year or ''}.xlsx"
    return _download(
        content, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@managers
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    agencies = _managed(request.user)
    form = forms.RegisterUploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch.objects.create(
            agency=form.cleaned_data["agency"],
            filename=upload.name,
            content=upload.read(),
            uploaded_by=request.user if isinstance(request.user, User) else None,
        )
        try:
            rows = register.dry_run(batch, timezone.localdate())
        except register.RegisterError as exc:
            batch.delete()
            form.add_error("file", str(exc))
        else:
            return render(
                request,
                "office/register_dry_run.html",
                {"batch": batch, "accepted": sum(1 for r in rows if not r.errors)},
            )
    return render(
        request,
        "office/register_import.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@managers
@require_POST
def register_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk, agency__in=_managed(request.user))
    try:
        count = register.import_batch(batch, request.user, timezone.localdate())
    except (register.RegisterError, services.CaseError) as exc:
        messages.error(request, f"导入失败，未导入任何一行：{exc}")
        return redirect("office:register_import")
    messages.success(request, f"已导入{count}件，{len(batch.rejected)}行未导入")
    return redirect("office:workbench")


# --- the calendar and the templates ---------------------------------------------------------------


@managers
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    form = forms.NoticeLoadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calendar_services.load_year(
                data["year"],
                data["notice"],
                data["holidays"],
                data["makeup"],
                actor=request.user,
                replace=data["replace"],
            )
        except calendar_services.NoticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已载入{data['year']}年节假日安排")
            return redirect("office:calendar")
    years = CalendarYear.objects.select_related("loaded_by")
    latest = years.first()
    return render(
        request,
        "office/calendar.html",
        {"form": form, "years": years, "latest": latest},
        status=422 if request.method == "POST" else 200,
    )


@managers
def templates(request: HttpRequest) -> HttpResponse:
    agencies = list(_managed(request.user))
    own = {(t.agency_id, t.kind): t for t in NoticeTemplate.objects.filter(agency__in=agencies)}
    return render(
        request,
        "office/templates.html",
        {
            "rows": [
                (agency, kind, own.get((agency.pk, kind.key)))
                for agency in agencies
                for kind in documents.KINDS
            ],
        },
    )


@managers
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, agency_pk: int, kind: str) -> HttpResponse:
    agency = get_object_or_404(_managed(request.user), pk=agency_pk)
    if kind not in documents.KIND_BY_KEY:
        raise Http404("没有这种文书")
    existing = NoticeTemplate.objects.filter(agency=agency, kind=kind).first()
    default = documents.KIND_BY_KEY[kind]
    initial = {
        "title": existing.title if existing else default.title,
        "body": existing.body if existing else default.body,
    }
    form = forms.TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            NoticeTemplate.objects.update_or_create(
                agency=agency, kind=kind, defaults={**form.cleaned_data, "updated_by": request.user}
            )
        messages.success(request, f"已保存“{form.cleaned_data['title']}”")
        return redirect(reverse("office:templates"))
    return render(
        request,
        "office/template_edit.html",
        {"form": form, "agency": agency, "kind": default, "placeholders": _PLACEHOLDERS},
    )


_PLACEHOLDERS = (
    "申请人",
    "跟踪码",
    "收到日期",
    "收到方式",
    "申请内容",
    "答复期限",
    "机关名称",
    "工作机构",
    "地址",
    "邮编",
    "电话",
    "补正内容",
    "补正期限",
    "延期天数",
    "延期理由",
    "征询对象",
    "收费金额",
    "收费说明",
    "缴费期限",
    "办理结果",
    "答复依据",
    "答复要点",
    "答复日期",
)
