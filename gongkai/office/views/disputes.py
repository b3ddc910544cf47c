"""The register of 行政复议 and 行政诉讼, for case staff: the records behind Table 四."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gongkai.audit import registers
from gongkai.core.attachments import ALLOWED, AttachmentError
from gongkai.core.downloads import stored
from gongkai.disputes import access as dispute_access
from gongkai.disputes import rules, services
from gongkai.office.dispute_forms import DisputeForm, DocumentForm
from gongkai.office.views.common import case_staff, year_param
from gongkai.reports.tables import (
    DISPUTE_GROUP_LABELS,
    DISPUTE_GROUPS,
    DISPUTE_RESULTS,
    dispute_key,
)

DUPLICATE = "同一机关的同类案件中已有这个案号"


@case_staff
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    agencies = dispute_access.dispute_agencies(request.user)
    year = year_param(request)
    form = DisputeForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_dispute(request.user, form.instance, {})
        except IntegrityError:
            form.add_error("case_number", DUPLICATE)
        else:
            messages.success(request, "已登记")
            return redirect(f"{request.path}?year={form.instance.filed_on.year}")
    disputes = dispute_access.disputes_for_staff(request.user).select_related(
        "application", "follows"
    )
    cells = rules.table_four((d.record() for d in disputes), year)
    table = [
        (DISPUTE_GROUP_LABELS[g], [cells[dispute_key(g, r)] for r in DISPUTE_RESULTS])
        for g in DISPUTE_GROUPS
    ]
    return render(
        request,
        "office/disputes.html",
        {"form": form, "disputes": disputes, "year": year, "table": table},
    )


@case_staff
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Another agency's record is a 404: its existence is not disclosed."""
    agencies = dispute_access.dispute_agencies(request.user)
    dispute = dispute_access.get_dispute_for_staff(request.user, pk)
    before = registers.snapshot(dispute, services.FIELDS)
    is_document = request.method == "POST" and "document" in request.POST
    form = DisputeForm(
        request.POST if request.method == "POST" and not is_document else None,
        instance=dispute,
        agencies=agencies,
    )
    document_form = DocumentForm(request.POST if is_document else None, request.FILES or None)
    if is_document and document_form.is_valid():
        try:
            services.add_document(
                request.user,
                dispute,
                document_form.cleaned_data["title"],
                document_form.cleaned_data["file"],
            )
        except AttachmentError as error:
            document_form.add_error("file", str(error))
        else:
            messages.success(request, "已上传文书")
            return redirect("office:dispute", pk=dispute.pk)
    elif request.method == "POST" and not is_document and form.is_valid():
        try:
            services.record_dispute(request.user, form.instance, before)
        except services.StaleEdit:
            form.add_error(None, "这条记录已被他人修改，请刷新页面后重新填写")
        except IntegrityError:
            form.add_error("case_number", DUPLICATE)
        else:
            messages.success(request, "已保存")
            return redirect(f"{reverse('office:disputes')}?year={dispute.filed_on.year}")
    return render(
        request,
        "office/dispute.html",
        {"form": form, "document_form": document_form, "dispute": dispute},
    )


@case_staff
def document(request: HttpRequest, pk: int) -> HttpResponse:
    found = dispute_access.get_document_for_staff(request.user, pk)
    name = found.file.name.rsplit("/", 1)[-1]
    kind = name.rsplit(".", 1)[-1].lower()
    return stored(found.file, name, ALLOWED.get(kind, "application/octet-stream"))
