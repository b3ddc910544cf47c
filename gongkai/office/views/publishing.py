"""主动公开 in the back office: the list, the editor's form, the page where review happens, and
the registers behind Table 二 (normative documents, Article 20 figures, new-media counts)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.audit import registers
from gongkai.office import publishing_forms as forms
from gongkai.office.views.common import gate, managed, managers, year_param
from gongkai.orgs.access import roles_in
from gongkai.publishing import access, normative, platform, services, workflow
from gongkai.publishing import timeliness as publish_timeliness
from gongkai.publishing.lateness import LATE_AFTER_WORKDAYS
from gongkai.publishing.models import (
    Column,
    FigureItem,
    NormativeDocument,
    ProactiveFigure,
    Publication,
)
from gongkai.publishing.workflow import WorkflowError

NORMATIVE_FIELDS = [
    "kind",
    "title",
    "doc_number",
    "issued_on",
    "amended_on",
    "ended_on",
    "end_kind",
]
COLUMN_FIELDS = [
    "name",
    "slug",
    "parent",
    "section",  # follows the parent: moving a column into the 61号 platform is a change too
    "column_class",
    "category",
    "update_days",
    "order",
]
SETTINGS_FIELDS = ["review_levels", "agency_code", "index_rule"]


publishing_staff = gate(access.may_use, "您没有主动公开工作的岗位")


def _agencies(request: HttpRequest) -> Any:
    return access.publishing_agencies(request.user)


def _publication(request: HttpRequest, pk: int) -> Publication:
    """Another agency's item is a 404, not a 403: its existence is not disclosed."""
    return access.get_publication_for_staff(request.user, pk)


@publishing_staff
def publications(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    status = request.GET.get("status", "")
    items = Publication.objects.filter(agency__in=agencies).select_related("column")
    if status in workflow.STATUS_LABELS:
        items = items.filter(status=status)
    counts = dict(
        Publication.objects.filter(agency__in=agencies)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    tabs = [(key, label, counts.get(key, 0)) for key, label in workflow.STATUS_LABELS.items()]
    return render(
        request,
        "office/publications.html",
        {
            "items": items.order_by("-updated_at")[:200],
            "status": status,
            "tabs": tabs,
            "late_after": LATE_AFTER_WORKDAYS,
        },
    )


@publishing_staff
@require_http_methods(["GET", "POST"])
def publication_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agencies = _agencies(request)
    publication = _publication(request, pk) if pk else None
    if publication and publication.status not in workflow.EDITABLE:
        messages.error(request, "只有草稿可以修改；已提交或已发布的信息请先退回或撤回")
        return redirect("office:publication", pk=publication.pk)
    initial: dict[str, Any] = {"written_on": timezone.localdate()}
    if publication:
        initial = {
            name: getattr(publication, name)
            for name in ("column", "title", "publisher", "written_on", "doc_number", "topic",
                         "validity", "valid_from", "invalid_on", "interprets", "interpretation_form",
                         "body")
        }  # fmt: skip
    elif agencies.count() == 1:
        initial["publisher"] = agencies.first().name
    form = forms.PublicationForm(
        request.POST or None, request.FILES or None, agencies=agencies, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = services.Draft(**{k: v for k, v in data.items() if k != "uploads"})
        try:
            version = int(request.POST.get("version", "0")) if publication else None
            saved = services.save_draft(
                request.user, draft, publication, version, request.FILES.getlist("uploads")
            )
        except (WorkflowError, ValueError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存草稿")
            return redirect("office:publication", pk=saved.pk)
    return render(
        request, "office/publication_edit.html", {"form": form, "publication": publication}
    )


@publishing_staff
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(request, pk)
    roles = roles_in(request.user, publication.agency)
    return render(
        request,
        "office/publication.html",
        {
            "p": publication,
            "actions": workflow.available(publication.status, roles),
            "form": forms.ActionForm(initial={"version": publication.version}),
            "found": services.personal_data(publication),
            "reviews": publication.reviews.select_related("reviewer"),
            "events": publication.events.select_related("actor"),
            "attachments": publication.attachments.all(),
            "editable": publication.status in workflow.EDITABLE,
        },
    )


@publishing_staff
@require_POST
def publication_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    publication = _publication(request, pk)
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("office:publication", pk=pk)
    data = form.cleaned_data
    try:
        services.act(
            request.user,
            publication,
            action,
            data["version"],
            note=data["note"] or "",
            publish_at=data["publish_at"],
            confirm_personal_data=data["confirm_personal_data"],
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        label = workflow.ACTIONS[action].label
        messages.success(request, f"已{label}")
    return redirect("office:publication", pk=pk)


@publishing_staff
@require_POST
def publication_mask(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(request, pk)
    try:
        count = services.mask_personal_data(
            request.user, publication, int(request.POST.get("version", "0"))
        )
    except (WorkflowError, ValueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已遮盖正文中的{count}处个人信息")
    return redirect("office:publication", pk=pk)


@publishing_staff
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.get_attachment_for_staff(request.user, pk)
    try:
        services.remove_attachment(request.user, attachment)
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("office:publication", pk=attachment.publication_id)


@publishing_staff
@require_http_methods(["GET", "POST"])
def normative_register(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    year = year_param(request)
    form = forms.NormativeForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        registers.record(request.user, form.instance, NORMATIVE_FIELDS, {}, "规范性文件登记")
        messages.success(request, "已登记")
        return redirect(f"{request.path}?year={year}")
    documents = NormativeDocument.objects.filter(agency__in=agencies)
    spans = [normative.Span(d.kind, d.issued_on, d.ended_on) for d in documents]
    return render(
        request,
        "office/normative.html",
        {
            "form": form,
            "documents": documents,
            "year": year,
            "counts": normative.counts(spans, year),
        },
    )


@publishing_staff
@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    agency = agencies.first()
    year = year_param(request)
    existing = {
        f.item: (f.value, f.source)
        for f in ProactiveFigure.objects.filter(agency=agency, year=year)
    }
    form = forms.FiguresForm(request.POST or None, initial_values=existing)
    upload = forms.FiguresImportForm(
        request.POST if "import" in request.POST else None, request.FILES or None
    )
    if request.method == "POST" and "import" in request.POST:
        form = forms.FiguresForm(initial_values=existing)
        stored = (
            upload.store_all(partial(_store_figure, request, agency)) if upload.is_valid() else None
        )
        if stored is not None:
            messages.success(request, f"已导入{stored}项数据")
            return redirect(f"{request.path}?year={year}")
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for item in FigureItem:
                value = form.cleaned_data[f"{item.value}_value"]
                if value is not None:
                    source = form.cleaned_data[f"{item.value}_source"]
                    _store_figure(request, agency, year, item.value, value, source)
        messages.success(request, "已保存")
        return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "office/figures.html",
        {"form": form, "upload": upload, "year": year, "agency": agency},
    )


def _store_figure(
    request: HttpRequest, agency: Any, year: int, item: str, value: Any, source: str
) -> None:
    figure = ProactiveFigure.objects.filter(agency=agency, year=year, item=item).first()
    figure = figure or ProactiveFigure(agency=agency, year=year, item=item)
    before = registers.snapshot(figure, ["value", "source"]) if figure.pk else {}
    figure.value, figure.source = value, source
    figure.entered_by = request.user  # type: ignore[assignment]  # publishing_staff: signed in
    registers.record(request.user, figure, ["value", "source"], before, "第二十条统计数据")


@publishing_staff
def timeliness(request: HttpRequest) -> HttpResponse:
    """Items published more than 20 working days after they were written (条例第二十六条)."""
    items = Publication.objects.filter(
        agency__in=_agencies(request), status=workflow.PUBLISHED
    ).select_related("column")
    late, unknown = publish_timeliness.late(items)
    return render(
        request,
        "office/timeliness.html",
        {"late": late, "unknown": unknown, "limit": publish_timeliness.LATE_AFTER_WORKDAYS},
    )


@publishing_staff
@require_http_methods(["GET", "POST"])
def normative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Amendment, repeal or expiry of a registered document."""
    agencies = _agencies(request)
    document = access.get_normative_for_staff(request.user, pk)
    before = registers.snapshot(document, NORMATIVE_FIELDS)
    form = forms.NormativeForm(request.POST or None, instance=document, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        registers.record(request.user, form.instance, NORMATIVE_FIELDS, before, "规范性文件登记")
        messages.success(request, "已保存")
        return redirect("office:normative")
    return render(request, "office/normative_edit.html", {"form": form, "document": document})


@managers
@require_http_methods(["GET", "POST"])
def publishing_settings(request: HttpRequest) -> HttpResponse:
    """Review levels, the 索引号 rule and the columns, for a 公开办负责人 or 系统管理员."""
    agency = _managed_agency(request)
    found = agency.publishing_settings
    before = registers.snapshot(found, SETTINGS_FIELDS)
    is_settings = request.method == "POST" and "settings" in request.POST
    form = forms.SettingsForm(request.POST if is_settings else None, instance=found)
    column_form = forms.ColumnForm(
        request.POST if request.method == "POST" and not is_settings else None, agency=agency
    )
    if is_settings and form.is_valid():
        registers.record(request.user, form.instance, SETTINGS_FIELDS, before, "发布设置")
        messages.success(request, "已保存发布设置")
        return redirect(f"{request.path}?agency={agency.pk}")
    if request.method == "POST" and not is_settings and column_form.is_valid():
        registers.record(request.user, column_form.instance, COLUMN_FIELDS, {}, "栏目")
        messages.success(request, "已添加栏目")
        return redirect(f"{request.path}?agency={agency.pk}")
    return render(
        request,
        "office/publishing_settings.html",
        {
            "agency": agency,
            "agencies": managed(request.user),
            "form": form,
            "column_form": column_form,
            "columns": Column.objects.filter(agency=agency),
        },
    )


@managers
@require_http_methods(["GET", "POST"])
def column_edit(request: HttpRequest, pk: int) -> HttpResponse:
    column = access.get_column_for_manager(request.user, pk)
    before = registers.snapshot(column, COLUMN_FIELDS)
    section = column.section
    form = forms.ColumnForm(request.POST or None, instance=column, agency=column.agency)
    if request.method == "POST" and form.is_valid():
        if section != platform.OWN and form.instance.section != section:
            form.instance.section = section  # a 61号 column stays in its first-level column
        registers.record(request.user, form.instance, COLUMN_FIELDS, before, "栏目")
        messages.success(request, "已保存栏目")
        return redirect(f"{reverse('office:publishing_settings')}?agency={column.agency_id}")
    return render(request, "office/column_edit.html", {"form": form, "column": column})


def _managed_agency(request: HttpRequest) -> Any:
    agencies = managed(request.user)
    raw = request.GET.get("agency", "")
    chosen = agencies.filter(pk=int(raw)).first() if raw.isdigit() else None
    return chosen or agencies.first()
