"""Monthly statistics and the register (台账): export, import with a dry run."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications import access, register, services, stats, workflow
from gongkai.applications.models import (
    ApplicantKind,
    Channel,
    ImportBatch,
)
from gongkai.calendar import services as calendar_services
from gongkai.core.downloads import download
from gongkai.office import forms
from gongkai.office.views.common import case_staff, managed, managers

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
    name = f"政府信息公开申请台账{year or ''}"
    if request.GET.get("format") == "csv":
        return download(register.export_csv(cases), f"{name}.csv", "text/csv; charset=utf-8")
    return download(
        register.export(cases),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@managers
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    agencies = managed(request.user)
    form = forms.RegisterUploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, rows = register.upload(
                form.cleaned_data["agency"],
                upload.name,
                upload.read(),
                request.user,
                timezone.localdate(),
            )
        except register.RegisterError as exc:
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
    batch = get_object_or_404(ImportBatch, pk=pk, agency__in=managed(request.user))
    try:
        count = register.import_batch(batch, request.user, timezone.localdate())
    except (register.RegisterError, services.CaseError) as exc:
        messages.error(request, f"导入失败，未导入任何一行：{exc}")
        return redirect("office:register_import")
    messages.success(request, f"已导入{count}件，{len(batch.rejected)}行未导入")
    return redirect("office:workbench")
