"""The report checker page: upload a file or paste text, see the tables as read with each
finding marked on its cells, and download the result. Nothing is stored."""

from __future__ import annotations

import json
from collections import defaultdict
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.annual.forms import CheckForm, ExportForm, Unreadable
from gongkai.core.findings import Finding, Severity
from gongkai.reports.render import FORMATS
from gongkai.reports.render.html import Mark, table_html, tables_by_section
from gongkai.reports.safe import render_file
from gongkai.reports.tables import ReportData


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST, request.FILES) if request.method == "POST" else CheckForm()
    if request.method != "POST" or not form.is_valid():
        return render(request, "reports/check.html", {"form": form}, status=_status(form))
    try:
        report, findings, name = form.checked()
    except Unreadable as exc:
        form.add_error(exc.field, exc.message)
        return render(request, "reports/check.html", {"form": form}, status=422)
    return render(request, "reports/result.html", _result_context(report, findings, name))


def _status(form: CheckForm) -> int:
    return 422 if form.is_bound and form.errors else 200


def _result_context(report: ReportData, findings: list[Finding], name: str) -> dict[str, object]:
    numbered = [(f"finding-{i}", f) for i, f in enumerate(findings, 1)]
    by_cell: dict[str, list[tuple[str, Finding]]] = defaultdict(list)
    for anchor, finding in numbered:
        for cell in finding.cells:
            by_cell[cell].append((anchor, finding))
    marks = {
        cell: Mark(
            f"mark-{max(items, key=lambda item: item[1].severity.rank)[1].severity.value}",
            tuple(anchor for anchor, _ in items),
        )
        for cell, items in by_cell.items()
    }
    tables = [
        (key, title, mark_safe(table_html(report, grid, title, marks)))
        for key, title, grid in tables_by_section(report)
    ]
    counts = {s: sum(f.severity is s for f in findings) for s in Severity}
    return {
        "report": report,
        "name": name,
        "findings": numbered,
        "counts": counts,
        "tables": tables,
        "export_form": ExportForm(
            initial={"report": json.dumps(report.to_json(findings), ensure_ascii=False)}
        ),
        "formats": list(FORMATS),
    }


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            "导出请求无效，请重新核对后再下载。",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        data = json.loads(form.cleaned_data["report"])
        report = ReportData.from_json(data)
        findings = [Finding.from_json(f) for f in data.get("findings", [])]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return HttpResponse(
            f"报告数据无效：{exc}", status=400, content_type="text/plain; charset=utf-8"
        )
    fmt = form.cleaned_data["fmt"]
    content_type, suffix = FORMATS[fmt]
    try:
        content = render_file(report, fmt, findings)
    except ValueError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=content_type)
    filename = f"{report.agency or 'report'}{report.year or ''}年度报告{suffix}"
    response["Content-Disposition"] = _attachment(filename)
    return response


def _attachment(filename: str) -> str:
    ascii_name = "report" + filename[filename.rfind(".") :]
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
