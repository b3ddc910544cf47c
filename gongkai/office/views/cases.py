"""The workbench, registering a case, the case page with one form per action, documents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications import access, deadlines, documents, services, workflow
from gongkai.applications.forms import ApplicantForm
from gongkai.applications.models import (
    RECEIPT_RULES,
    Application,
    CaseEvent,
)
from gongkai.applications.public import literal_parts
from gongkai.applications.services import online
from gongkai.applications.workflow import Action, Status
from gongkai.calendar import access as calendar_access
from gongkai.calendar import services as calendar_services
from gongkai.calendar import sources
from gongkai.core.attachments import ALLOWED
from gongkai.core.downloads import download
from gongkai.notify import access as notify_access
from gongkai.office import extension_forms, forms
from gongkai.office.views.common import PAGE_SIZE, case_staff, handlers_of
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role

RECALCULATED_SHOWN_DAYS = 30  # how long the workbench lists cases a holiday notice moved
RECALCULATED_SHOWN = 20

# --- workbench ------------------------------------------------------------------------------------


@case_staff
def workbench(request: HttpRequest) -> HttpResponse:
    agencies = access.case_agencies(request.user)
    handlers = handlers_of(agencies)
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
    is_head = org_access.agencies_for(request.user, roles=(Role.HEAD,)).exists()
    recalculated = list(
        CaseEvent.objects.filter(
            action=CaseEvent.RECALCULATED,
            data__changed=True,
            on__gte=today - timedelta(days=RECALCULATED_SHOWN_DAYS),
            application__in=open_cases,
        ).select_related("application")[:RECALCULATED_SHOWN]
    )
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
            "unannounced": sources.unannounced(today, calendar) if is_head else [],
            "loaders": calendar_access.LOADERS,
            "recalculated": recalculated,
        },
    )


# --- registering ----------------------------------------------------------------------------------


@case_staff
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    agencies = access.case_agencies(request.user)
    post = request.POST if request.method == "POST" else None
    case_form = forms.CaseForm(post, agencies=agencies, prefix="case")
    applicant_form = ApplicantForm(post, prefix="applicant")
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
    pending = services.pending_extension(events)
    extended = any(e.action == Action.EXTEND for e in events)
    action_forms = []
    for action in workflow.allowed_actions(Status(case.status)):
        if not roles & workflow.ACTION_ROLES[action]:
            continue
        if failed and failed[0] == action:
            action_forms.append((action, failed[1]))  # the refused form, with its reason
            continue
        if action == Action.REFUSE_EXTENSION and not pending:
            continue  # nothing to refuse
        if action == Action.PROPOSE_EXTENSION and (pending or extended or Role.HEAD in roles):
            continue  # one proposal at a time, one extension; the head extends directly
        if action == Action.EXTEND and extended:
            continue
        initial: dict[str, Any] = {"version": case.version, "on": timezone.localdate()}
        if action == Action.EXTEND and pending:  # consenting to the handler's proposal
            initial |= {"days": pending.data.get("days"), "reason": pending.note}
        action_forms.append(
            (action, extension_forms.FORMS[action](initial=initial, prefix=action.value))
        )
    today = timezone.localdate()
    calendar = calendar_services.current()
    clock = services.clock_of(case, events)  # the events already read above, not a second query
    deadline = deadlines.compute(clock, calendar, today)
    explain = None
    if request.GET.get("explain") and deadline.counts_from and deadline.reply_due:
        pauses = deadlines.merged_pauses(clock.pauses, deadline.counts_from, today)
        try:
            explain = calendar.explain(deadline.counts_from, deadline.reply_due, pauses)
        except services.CalendarNotCovered:
            explain = None
    assign_form = None
    if Role.HEAD in roles or Role.HANDLER in roles:
        assign_form = forms.AssignForm(
            initial={"version": case.version, "handler": case.handler_id},
            handlers=handlers_of(access.case_agencies(request.user).filter(pk=case.agency_id)),
        )
    return {
        "case": case,
        "events": events,
        # Each note with the literal data in it (file names, tracking codes) set apart.
        "timeline": [
            (
                event,
                literal_parts(
                    event.note,
                    case.tracking_code,
                    *(item.name for item in online.correction_files(event)),
                ),
            )
            for event in events
        ],
        "deadline": deadline,
        "explain": explain,
        "action_forms": action_forms,
        "pending_extension": pending,
        "assign_form": assign_form,
        "documents": documents.available(events),
        "correction_files": [
            (event, list(enumerate(online.correction_files(event), 1)))
            for event in events
            if event.action == Action.RECEIVE_CORRECTION and event.data.get("files")
        ],
        "status": Status(case.status),
        "receipt_rule": RECEIPT_RULES.get(case.channel, ""),
        "due": services.due_status(case, calendar, today),
    }


@case_staff
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    context = _case_context(request, case)
    context["notifications"] = notify_access.messages_of(case)  # office/includes/case_messages
    return render(request, "office/case.html", context)


@case_staff
@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404("没有这个操作") from None
    form = extension_forms.FORMS[chosen](request.POST, prefix=chosen.value)
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
    handlers = handlers_of(access.case_agencies(request.user).filter(pk=case.agency_id))
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
def case_correction_file(request: HttpRequest, pk: int, event: int, number: int) -> HttpResponse:
    """A file the applicant sent with an online correction, as they sent it (checked on upload)."""
    case = access.get_case_for_staff(request.user, pk)
    found = case.events.filter(pk=event, action=Action.RECEIVE_CORRECTION).first()
    files = online.correction_files(found) if found else []
    if not 1 <= number <= len(files):
        raise Http404("没有这个补正文件")
    item = files[number - 1]
    return download(
        online.read_correction_file(item),
        item.name,
        ALLOWED.get(item.kind, "application/octet-stream"),
    )


@case_staff
def case_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case = access.get_case_for_staff(request.user, pk)
    events = list(case.events.all())
    if kind not in {k.key for k in documents.available(events)}:
        raise Http404("该文书尚不能生成")
    content = documents.render_notice(case, kind, events)
    title = documents.template_for(case, kind)[0]
    return download(
        content,
        f"{title}-{case.tracking_code}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
