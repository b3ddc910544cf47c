"""The annual report in the back office: drafted from the records, edited, checked, finalised,
reopened; every cell opens the records behind it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.annual import access as report_access
from gongkai.annual import collect, drafts, services, workflow
from gongkai.annual.models import AnnualReport
from gongkai.core.downloads import download
from gongkai.core.findings import Finding
from gongkai.core.uploads import limited_upload
from gongkai.office.views.common import gate, managed, managers
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency
from gongkai.reports import safe
from gongkai.reports.render import FORMATS
from gongkai.reports.render.html import table_html, tables_by_section
from gongkai.reports.tables import (
    SECTION_KEYS,
    SECTION_TITLES,
    TEMPLATE_2021,
    ReportData,
    cell_label,
)

ALL_KEYS = frozenset(TEMPLATE_2021.keys())


report_staff = gate(report_access.may_use, "您没有编写年度报告的岗位")


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    """Another agency's report is a 404: its existence is not disclosed."""
    return report_access.get_report_for_staff(request.user, pk)


class StartForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="机关", queryset=None)
    year = forms.IntegerField(label="报告年度", min_value=2019, max_value=2100)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:  # the only agency: nothing to choose
            self.fields["agency"].initial = agencies.first()
        self.fields["year"].initial = timezone.localdate().year - 1


class SectionsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    overview = forms.CharField(
        label=SECTION_TITLES["overview"], widget=forms.Textarea(attrs={"rows": 18}), required=False
    )
    problems = forms.CharField(
        label=SECTION_TITLES["problems"], widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    other = forms.CharField(label=SECTION_TITLES["other"], widget=forms.Textarea(attrs={"rows": 4}), required=False)  # fmt: skip


class ImportForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="机关", queryset=None)
    file = forms.FileField(label="已公布的年度报告（PDF、DOCX、HTML 或文本）")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].widget.attrs["id"] = "import-agency"
        self.fields["file"].widget.attrs["id"] = "import-file"

    def clean_file(self) -> Any:
        return limited_upload(self.cleaned_data.get("file"))


@report_staff
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    agencies = report_access.report_agencies(request.user)
    importing = request.method == "POST" and "import" in request.POST
    form = StartForm(
        request.POST if request.method == "POST" and not importing else None, agencies=agencies
    )
    upload = ImportForm(
        request.POST if importing else None, request.FILES or None, agencies=agencies
    )
    if importing and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            imported = services.import_published(
                upload.cleaned_data["agency"], file.read(), file.name, request.user
            )
        except services.ImportRefused as error:
            upload.add_error("file", str(error))
        else:
            messages.success(request, f"已导入{imported}")
            return redirect("office:annual_report", pk=imported.pk)
    if request.method == "POST" and not importing and form.is_valid():
        report = services.start(
            form.cleaned_data["agency"], form.cleaned_data["year"], request.user
        )
        return redirect("office:annual_report", pk=report.pk)
    found = AnnualReport.objects.filter(agency__in=agencies).select_related("agency")
    today = timezone.localdate()
    rows = [(r, services.due(r.agency, r.year, r, today)) for r in found]
    # 条例第四十九条: last year's report of every agency in reach, due soon or overdue.
    done = {(r.agency_id, r.year) for r in found if r.status == workflow.PUBLISHED}
    reminders = [
        (agency, due)
        for agency in agencies
        if (agency.pk, today.year - 1) not in done
        and (due := services.due(agency, today.year - 1, None, today)).state in ("soon", "overdue")
    ]
    return render(
        request,
        "office/annual_reports.html",
        {
            "form": form,
            "upload": upload,
            "rows": rows,
            "reminders": reminders,
            "last_year": today.year - 1,
        },
    )


@report_staff
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    data = services.data(found)
    figures = services.figures_of(found, data.cells)
    names = drafts.names_for(figures)  # staff read and write the figures by name, not by key
    shown = {key: drafts.to_names(text, names) for key, text in found.sections.items()}
    form = SectionsForm(request.POST or None, initial={"version": found.version, **shown})
    if request.method == "POST" and form.is_valid():
        written = {key: drafts.to_keys(form.cleaned_data[key], names) for key in SECTION_KEYS}
        try:
            services.save_sections(found, request.user, form.cleaned_data["version"], written)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存并重新核对")
            return redirect("office:annual_report", pk=found.pk)
    unknown = sorted({k for text in found.sections.values() for k in drafts.unknown(text, figures)})
    findings = [Finding.from_json(f) for f in found.findings]
    link = lambda key: reverse("office:annual_cell", args=[found.pk, key])  # noqa: E731
    tables = [
        (title, mark_safe(table_html(data, grid, title, link=link)))
        for _, title, grid in tables_by_section(data)
    ]
    errors = sum(1 for f in findings if f.severity.value == "error")
    contradictions = drafts.contradictions(found.sections, figures)
    actions = [
        (action.value, action.label)
        for action in workflow.available(found.status)
        if action != workflow.Action.FINALISE  # its own button, below
    ]
    may_finalise = bool(
        org_access.roles_in(request.user, found.agency)
        & workflow.ACTION_ROLES[workflow.Action.FINALISE]
    )
    finalise = None
    if may_finalise and found.status in workflow.EDITABLE:  # shown, enabled or saying why not
        if found.status == workflow.DRAFT:
            blocked = "正文修改后尚未核对，请先点“核对”"
        elif errors:
            blocked = f"核对发现{errors}处错误，改正后才能定稿"
        elif contradictions:
            blocked = "正文与记录不一致，请先修改正文"
        else:
            blocked = ""
        finalise = {"key": workflow.Action.FINALISE.value, "blocked": blocked}
    return render(
        request,
        "office/annual_report.html",
        {
            "report": found,
            "form": form,
            "tables": tables,
            "findings": findings,
            "errors": errors,
            "actions": actions,
            "finalise": finalise,
            "formats": list(FORMATS),
            "status": workflow.STATUS_LABELS[found.status],
            "events": found.events.select_related("actor"),
            "figures": sorted((names.get(key, key), value) for key, value in figures.items()),
            "sections": [data.sections[key] for key in ("overview", "problems", "other")],
            "unknown": unknown,
            "contradictions": contradictions,
            "due": services.due(found.agency, found.year, found, timezone.localdate()),
            "similar": [
                (SECTION_TITLES[key], round(ratio * 100))
                for key, ratio in services.similarities(found).items()
            ],
        },
    )


@report_staff
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _report(request, pk)
    try:
        version = int(request.POST.get("version", "0"))
        services.act(found, request.user, action, version, request.POST.get("reason", ""))
    except (ValueError, workflow.WorkflowError) as error:
        messages.error(
            request, str(error) if isinstance(error, workflow.WorkflowError) else "操作无效"
        )
    else:
        messages.success(request, f"已{workflow.ACTIONS[action].label}")
    return redirect("office:annual_report", pk=found.pk)


@report_staff
def cell(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    found = _report(request, pk)
    if key not in ALL_KEYS:
        raise Http404
    records = collect.sources(found.agency, found.year, key)
    value = services.data(found).cells.get(key)
    return render(
        request,
        "office/annual_cell.html",
        {
            "report": found,
            "key": key,
            "label": cell_label(key),
            "value": value,
            "records": records,
        },
    )


@report_staff
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    found = _report(request, pk)
    if fmt not in FORMATS:
        raise Http404
    data = services.data(found)
    findings = [Finding.from_json(f) for f in found.findings]
    content_type, suffix = FORMATS[fmt]
    try:
        content = safe.render_file(data, fmt, findings)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("office:annual_report", pk=found.pk)
    return download(content, f"{found}{suffix}", content_type)


@managers
def rollup(request: HttpRequest) -> HttpResponse:
    """For the 主管部门: every agency's report of a year side by side, and the summed tables."""
    managed_agencies = managed(request.user)
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    year = int(raw) if raw.isdigit() and 2019 <= int(raw) <= 2100 else today.year - 1
    agencies = list(Agency.objects.filter(pk__in=_subtrees(managed_agencies)).order_by("path"))
    reports_by_agency = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(agency__in=agencies, year=year).select_related(
            "agency"
        )
    }
    rows, total = [], ReportData(template="2021", agency="合计", year=year, cells={})
    for agency in agencies:
        report = reports_by_agency.get(agency.pk)
        content = services.data(report) if report else None
        errors = sum(1 for f in report.findings if f["severity"] == "error") if report else 0
        status = report.get_status_display() if report else "未开始"
        rows.append((agency, report, status, errors, services.due(agency, year, report, today)))
        if content is not None:
            for key, value in content.cells.items():
                if value is not None:
                    total.cells[key] = (total.cells.get(key) or 0) + value
    tables = [
        (title, mark_safe(table_html(total, grid, title)))
        for _, title, grid in tables_by_section(total)
    ]
    return render(
        request,
        "office/annual_rollup.html",
        {"year": year, "rows": rows, "tables": tables, "counted": sum(1 for r in rows if r[1])},
    )


def _subtrees(agencies: Any) -> list[int]:
    ids: set[int] = set()
    for agency in agencies:
        ids.update(Agency.objects.subtree(agency).values_list("pk", flat=True))
    return sorted(ids)
