"""The monthly 自查报告: the month's last run (veto items first), the trend against the months
before, and the rectification work of the month; as a web page, DOCX and PDF."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from gongkai.orgs.models import Agency
from gongkai.sitecheck import state
from gongkai.sitecheck.models import Finding, Run, Task

TREND_MONTHS = 6
FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def before(self, n: int) -> Month:
        index = self.year * 12 + self.month - 1 - n
        return Month(index // 12, index % 12 + 1)

    @classmethod
    def parse(cls, raw: str) -> Month | None:
        try:
            year, month = (int(part) for part in raw.split("-"))
        except ValueError:
            return None
        return cls(year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)


@dataclass(frozen=True)
class MonthlyReport:
    agency: Agency
    month: Month
    run: Run | None
    findings: list[Finding]
    trend: list[tuple[Month, dict[str, Any] | None]]  # oldest first: counts of the last run
    opened: list[Task]
    closed: list[Task]
    waived: list[Task]
    still_open: list[Task]

    @property
    def vetoes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == state.VETO]

    @property
    def indicators(self) -> list[tuple[str, str]]:
        return list(state.INDICATORS.items())


def last_run(agency: Agency, month: Month) -> Run | None:
    return (
        Run.objects.filter(
            agency=agency,
            status=Run.DONE,
            checked_on__year=month.year,
            checked_on__month=month.month,
        )
        .order_by("-checked_on", "-finished_at", "-pk")
        .first()
    )


def build(agency: Agency, month: Month) -> MonthlyReport:
    run = last_run(agency, month)
    findings = list(run.findings.all()) if run else []
    findings.sort(key=lambda f: (state.SEVERITY_ORDER.get(f.severity, 9), f.indicator, f.pk))
    trend = []
    for n in reversed(range(TREND_MONTHS)):
        earlier = month.before(n)
        found = last_run(agency, earlier)
        trend.append((earlier, found.stats.get("counts") if found else None))
    tasks = Task.objects.filter(agency=agency).select_related("owner")
    in_month = {"created_at__year": month.year, "created_at__month": month.month}
    return MonthlyReport(
        agency=agency,
        month=month,
        run=run,
        findings=findings,
        trend=trend,
        opened=list(tasks.filter(**in_month)),
        closed=list(
            tasks.filter(
                status=Task.CLOSED, closed_at__year=month.year, closed_at__month=month.month
            )
        ),
        waived=list(tasks.filter(status=Task.WAIVED, **in_month)),
        still_open=list(tasks.open()),
    )


def render(report: MonthlyReport, fmt: str, nonce: str = "") -> bytes:
    """`nonce`: the page's Content-Security-Policy nonce, when the HTML is shown in the browser
    (its <style> is the one inline style the policy lets through, by that nonce)."""
    if fmt == "docx":
        return _docx(report)
    page = render_to_string("sitecheck/monthly.html", {"report": report, "nonce": nonce})
    if fmt == "pdf":
        import weasyprint  # loaded only when a PDF is asked for (0.6 s)

        for name in ("weasyprint", "weasyprint.progress", "fontTools"):
            logging.getLogger(name).setLevel(logging.ERROR)
        data: bytes = weasyprint.HTML(string=page).write_pdf()
        return data
    return page.encode("utf-8")


def _docx(report: MonthlyReport) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(f"{report.agency.name}{report.month.label}网站自查报告", level=1)
    if report.run is None:
        document.add_paragraph("本月没有完成的自查。")
    else:
        counts = report.run.stats.get("counts", {})
        document.add_paragraph(
            f"检查日期：{report.run.checked_on.isoformat()}。单项否决{counts.get('veto', 0)}项，"
            f"问题{counts.get('error', 0)}项，提示{counts.get('warning', 0)}项。"
        )
    document.add_heading("一、发现的问题（单项否决在前）", level=2)
    for finding in report.findings:
        document.add_paragraph(
            f"【{finding.severity_label}】{finding.indicator_label}：{finding.message}",
            style="List Number",
        )
    if not report.findings:
        document.add_paragraph("未发现问题。")
    document.add_heading("二、与前几个月比较", level=2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("月份", "单项否决", "问题", "提示"), strict=True):
        cell.text = text
    for month, counts in report.trend:
        row = table.add_row().cells
        row[0].text = month.label
        for cell, key in zip(row[1:], ("veto", "error", "warning"), strict=True):
            cell.text = "未检查" if counts is None else str(counts.get(key, 0))
    document.add_heading("三、整改情况", level=2)
    for label, tasks in (
        ("本月布置", report.opened),
        ("本月整改完成", report.closed),
        ("本月豁免", report.waived),
        ("尚在整改", report.still_open),
    ):
        document.add_paragraph(f"{label}：{len(tasks)}项")
        for task in tasks:
            extra = f"（豁免理由：{task.waived_reason}）" if task.status == Task.WAIVED else ""
            document.add_paragraph(
                f"{task.message}——责任人{task.owner}，期限{task.due_on.isoformat()}{extra}",
                style="List Bullet",
            )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
