"""What a head sets up: the agency's notice templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gongkai.applications import documents, notice_templates
from gongkai.applications.models import NoticeTemplate
from gongkai.office import forms
from gongkai.office.views.common import managed, managers

# --- the templates ---------------------------------------------------------------


@managers
def templates(request: HttpRequest) -> HttpResponse:
    agencies = list(managed(request.user))
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
    agency = get_object_or_404(managed(request.user), pk=agency_pk)
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
        notice_templates.save_template(request.user, agency, kind, **form.cleaned_data)
        messages.success(request, f"已保存“{form.cleaned_data['title']}”")
        return redirect(reverse("office:templates"))
    return render(
        request,
        "office/template_edit.html",
        {
            "form": form,
            "agency": agency,
            "kind": default,
            "fields": _TEMPLATE_FIELDS,
            "history": notice_templates.history(agency, kind).select_related("actor")[:20],
        },
    )


_TEMPLATE_FIELDS = (
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
