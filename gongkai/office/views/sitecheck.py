"""The website self-check in the back office: the dashboard (a traffic light per indicator, the
open tasks), a run's findings, rectification tasks, the 错敏词 list and the monthly report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.models import User
from gongkai.audit.models import RegisterEvent
from gongkai.core.downloads import download
from gongkai.office.sitecheck_forms import TaskForm, TermForm, WaiveForm
from gongkai.office.views.common import gate
from gongkai.orgs.models import Agency
from gongkai.sitecheck import access as site_access
from gongkai.sitecheck import monthly, services, state
from gongkai.sitecheck.models import Run, SensitiveTerm, Task
from gongkai.sitecheck.workflow import STATUS_LABELS as TASK_STATUS

View = Callable[..., HttpResponse]


site_staff = gate(site_access.may_use, "您不是任何机关的工作人员")


def _agency(request: HttpRequest) -> Agency:
    agencies = site_access.site_agencies(request.user).order_by("path")
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    chosen = agencies.filter(pk=int(raw)).first() if raw.isdigit() else agencies.first()
    if chosen is None:
        raise Http404("没有这个机关")
    return chosen


@site_staff
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    runs = Run.objects.filter(agency=agency)
    latest = runs.filter(status=Run.DONE).first()
    lights = (latest.stats.get("lights") if latest else None) or {}
    indicators = [
        (key, label, lights.get(key, "grey"), (latest.stats.get("counts", {}).get("indicators", {}).get(key, 0) if latest else 0))
        for key, label in state.INDICATORS.items()
    ]  # fmt: skip
    findings = list(latest.findings.all()) if latest else []
    findings.sort(key=lambda f: (state.SEVERITY_ORDER.get(f.severity, 9), f.indicator, f.pk))
    return render(
        request,
        "office/sitecheck.html",
        {
            "agency": agency,
            "agencies": site_access.site_agencies(request.user).order_by("path"),
            "latest": latest,
            "pending": runs.filter(status__in=[Run.QUEUED, Run.RUNNING]).first(),
            "indicators": indicators,
            "vetoes": [f for f in findings if f.severity == state.VETO],
            "finding_count": len(findings),
            "tasks": Task.objects.filter(agency=agency).open().select_related("owner"),
            "runs": runs[:10],
            "month": monthly.Month.of(timezone.localdate()),
            "managing": site_access.may_manage(request.user, agency),
        },
    )


@site_staff
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if Run.objects.filter(agency=agency, status__in=[Run.QUEUED, Run.RUNNING]).exists():
        messages.info(request, "已有一次检查在进行，请稍后刷新查看结果")
    else:
        crawl = request.POST.get("crawl") == "1"
        run = services.queue(agency, Run.MANUAL, actor=request.user, crawl=crawl)
        run.refresh_from_db()  # an immediate backend has run it already
        messages.success(request, "已开始检查" if run.status == Run.QUEUED else "检查已完成")
    return redirect(f"{reverse('office:sitecheck')}?agency={agency.pk}")


@site_staff
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = site_access.get_run_for_staff(request.user, pk)
    findings = list(run.findings.all())
    findings.sort(key=lambda f: (state.SEVERITY_ORDER.get(f.severity, 9), f.indicator, f.pk))
    tasks = {
        (t.code, t.subject): t
        for t in Task.objects.filter(agency=run.agency).open().select_related("owner")
    }
    return render(
        request,
        "office/sitecheck_run.html",
        {
            "run": run,
            "rows": [(f, tasks.get((f.code, f.subject))) for f in findings],
            "form": TaskForm(agency=run.agency),
            "managing": site_access.may_manage(request.user, run.agency),
        },
    )


@site_staff
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    finding = site_access.get_finding_for_staff(request.user, pk)
    agency = finding.run.agency
    if not site_access.may_manage(request.user, agency):
        raise PermissionDenied("只有公开办负责人或系统管理员可以布置整改任务")
    form = TaskForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.open_task(
                request.user,
                finding,
                form.cleaned_data["owner"],
                form.cleaned_data["due_on"],
                form.cleaned_data["note"],
            )
        except services.TaskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已布置整改任务")
            return redirect("office:sitecheck_task", task.pk)
    return render(request, "office/sitecheck_task_new.html", {"finding": finding, "form": form})


@site_staff
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    status = request.GET.get("status", Task.OPEN)
    found = Task.objects.filter(agency=agency).select_related("owner")
    if status in Task.STATUS_LABELS:
        found = found.filter(status=status)
    if request.GET.get("mine") == "1":
        found = found.filter(owner_id=request.user.pk)
    return render(
        request,
        "office/sitecheck_tasks.html",
        {
            "agency": agency,
            "tasks": found,
            "status": status,
            "statuses": Task.STATUS_LABELS,
            "today": timezone.localdate(),
        },
    )


@site_staff
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = site_access.get_task_for_staff(request.user, pk)
    managing = site_access.may_manage(request.user, task.agency)
    if request.method == "POST" and not managing:
        raise PermissionDenied("只有公开办负责人或系统管理员可以豁免整改任务")
    form = WaiveForm(request.POST or None, initial={"version": task.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.waive(
                request.user, task, form.cleaned_data["reason"], form.cleaned_data["version"]
            )
        except services.TaskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已豁免")
            return redirect("office:sitecheck_task", task.pk)
    history = RegisterEvent.objects.filter(agency=task.agency, what="整改任务", label=str(task))
    return render(
        request,
        "office/sitecheck_task.html",
        {
            "task": task,
            "form": form,
            "history": [
                (event, _task_change(event.after)) for event in history.select_related("actor")
            ],
            "managing": managing,
        },
    )


@site_staff
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    managing = site_access.may_manage(request.user, agency)
    form = TermForm(request.POST or None)
    if request.method == "POST":
        if not managing:
            raise PermissionDenied("只有公开办负责人或系统管理员可以维护错敏词")
        if "remove" in request.POST:
            term = get_object_or_404(SensitiveTerm, pk=request.POST["remove"], agency=agency)
            services.remove_term(request.user, term)
            messages.success(request, f"已删除“{term.term}”")
            return redirect(f"{reverse('office:sitecheck_terms')}?agency={agency.pk}")
        if form.is_valid():
            form.instance.agency = agency
            try:
                services.add_term(request.user, form.instance)
            except IntegrityError:
                form.add_error("term", "词表中已有这个词")
            else:
                messages.success(request, "已添加")
                return redirect(f"{reverse('office:sitecheck_terms')}?agency={agency.pk}")
    listed = SensitiveTerm.objects.filter(agency=agency) | SensitiveTerm.objects.filter(
        agency__isnull=True
    )
    return render(
        request,
        "office/sitecheck_terms.html",
        {"agency": agency, "terms": listed.order_by("term"), "form": form, "managing": managing},
    )


@site_staff
@require_GET
def report(request: HttpRequest, month: str, fmt: str) -> HttpResponse:
    agency = _agency(request)
    chosen = monthly.Month.parse(month)
    if chosen is None or fmt not in monthly.FORMATS:
        raise Http404("没有这个月份或格式")
    built = monthly.build(agency, chosen)
    nonce = str(getattr(request, "csp_nonce", "")) if fmt == "html" else ""  # django-csp
    content = monthly.render(built, fmt, nonce)
    if fmt == "html":
        return HttpResponse(content, content_type=monthly.FORMATS[fmt])
    name = f"{agency.name}{chosen.label}网站自查报告.{fmt}"
    return download(content, name, monthly.FORMATS[fmt])


def _task_change(after: dict[str, Any]) -> list[tuple[str, str]]:
    """A task's audit row in words: each field by its name, the status and owner as shown."""
    shown = []
    for name, value in after.items():
        try:
            label = str(getattr(Task._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:  # a field since removed: its stored name
            label = name
        if name == "status":
            value = TASK_STATUS.get(value, value)
        elif name == "owner" and value:
            value = str(User.objects.filter(pk=value).first() or value)
        shown.append((label, "" if value in (None, "") else str(value)))
    return shown
