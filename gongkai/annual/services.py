"""The annual report's changes: drafting, saving the prose, the status actions. Each change runs
the checks and writes its audit row in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.actors import actor_or_none
from gongkai.annual import collect, deadlines, drafts, workflow
from gongkai.annual.models import AnnualReport, ReportEvent
from gongkai.annual.similarity import THRESHOLD as SIMILAR
from gongkai.annual.similarity import similarity
from gongkai.annual.workflow import Action, WorkflowError
from gongkai.audit.locking import locked
from gongkai.core.findings import Finding, Severity
from gongkai.core.workflow import SystemActor
from gongkai.orgs.access import roles_in
from gongkai.orgs.models import Agency, AgencyKind
from gongkai.reports.checks import run_checks
from gongkai.reports.tables import SECTION_KEYS, ReportData, cell_from_json, cell_to_json

ANNUAL_COLUMN = "nb"  # 政府信息公开年报 (publishing.platform)
PLATFORM = SystemActor("年报随公开信息发布")


class StaleReport(WorkflowError):
    def __init__(self) -> None:
        super().__init__("年度报告已被他人修改，请刷新页面后再操作")


def start(agency: Agency, year: int, actor: Any) -> AnnualReport:
    """The agency's report for the year, drafted from the records when it does not exist yet."""
    found = AnnualReport.objects.filter(agency=agency, year=year).first()
    if found is not None:
        return found
    sections = collect.drafted(agency, year)
    with transaction.atomic():
        report, created = AnnualReport.objects.get_or_create(
            agency=agency, year=year, defaults={"sections": sections}
        )
        if created:
            _event(report, actor, "draft", "", workflow.DRAFT)
            _store_findings(report)
    return report


class ImportRefused(ValueError):
    """A file that cannot become one of the agency's earlier reports, in Chinese."""


@transaction.atomic
def import_published(agency: Agency, content: bytes, filename: str, actor: Any) -> AnnualReport:
    """An earlier year's published report read from its file (for an agency that starts on
    gongkai mid-way): kept as published, its tables frozen as read, for the carry-over checks."""
    from gongkai.reports.parse import UnreadableDocument
    from gongkai.reports.safe import check_file

    try:
        read, findings = check_file(content, filename)
    except UnreadableDocument as error:
        raise ImportRefused(f"无法读取这个文件：{error.reason}") from error
    if read.template != "2021" or read.year is None:
        raise ImportRefused("只能导入2021年版格式、标明年度的年度报告")
    if AnnualReport.objects.filter(agency=agency, year=read.year).exists():
        raise ImportRefused(f"{agency.name}{read.year}年度的年度报告已经存在")
    if read.year >= timezone.localdate().year:
        raise ImportRefused(f"{read.year}年度尚未结束，不能作为已公布的报告导入")
    report = AnnualReport.objects.create(
        agency=agency,
        year=read.year,
        status=workflow.PUBLISHED,
        sections={key: read.sections.get(key, "") for key in SECTION_KEYS},
        cells={k: cell_to_json(k, v) for k, v in read.cells.items()},
        figures={},  # its prose is as published: no linked figures
        findings=[f.to_json() for f in findings],
    )
    _event(report, actor, "imported", "", workflow.PUBLISHED, f"从文件导入：{filename}")
    return report


def data(report: AnnualReport) -> ReportData:
    """The report as data: frozen tables and figures once finalised, else the records as they
    are now; the prose's linked figures filled in."""
    if report.cells is not None:
        cells = {k: cell_from_json(k, v) for k, v in report.cells.items()}
    else:
        cells = collect.tables(report.agency, report.year)
    figures = figures_of(report, cells)
    return ReportData(
        template="2021",
        agency=report.agency.name,
        year=report.year,
        sections={key: drafts.fill(report.sections.get(key, ""), figures) for key in SECTION_KEYS},
        cells=cells,
    ).with_narrative()


def published_cells(report: AnnualReport) -> dict[str, int | str | None]:
    """The report's table cells as they were finalised, as JSON values (docs/report-json.md)."""
    if report.cells is not None:
        return dict(report.cells)
    return {k: cell_to_json(k, v) for k, v in data(report).cells.items()}


def figures_of(report: AnnualReport, cells: dict[str, Any] | None = None) -> dict[str, int]:
    if report.figures is not None:
        return dict(report.figures)
    if cells is None:
        cells = collect.tables(report.agency, report.year)
    return collect.figures(report.agency, report.year, cells)


def previous(report: AnnualReport) -> ReportData | None:
    """Last year's report in the platform, for the carry-over checks."""
    found = AnnualReport.objects.filter(agency=report.agency, year=report.year - 1).first()
    return data(found) if found is not None else None


def due(agency: Agency, year: int, report: AnnualReport | None, today: date) -> deadlines.Due:
    government_level = agency.kind in (AgencyKind.GOVERNMENT, AgencyKind.ZONE)
    published = report.published_at if report is not None else None
    published_on = timezone.localtime(published).date() if published else None
    return deadlines.due(year, government_level, published_on, today)


def similarities(report: AnnualReport) -> dict[str, float]:
    """Per section, how much repeats last year's report (only what reaches the 雷同 threshold)."""
    last = AnnualReport.objects.filter(agency=report.agency, year=report.year - 1).first()
    if last is None:
        return {}
    out = {}
    for key in SECTION_KEYS:
        ratio = similarity(report.sections.get(key, ""), last.sections.get(key, ""))
        if ratio is not None and ratio >= SIMILAR:
            out[key] = ratio
    return out


def check(report: AnnualReport) -> list[Finding]:
    return run_checks(data(report), previous(report))


def save_sections(
    report: AnnualReport, actor: Any, version: int, sections: dict[str, str]
) -> AnnualReport:
    """New prose: back to draft (it has not been checked), findings recomputed."""
    if not report.editable:
        raise WorkflowError(
            f"年度报告已{workflow.STATUS_LABELS[report.status]}，不能修改；确需修改请由负责人重新打开"
        )

    def change(found: AnnualReport) -> list[str]:
        found.sections = {key: sections.get(key, "") for key in SECTION_KEYS}
        found.findings = [f.to_json() for f in check(found)]
        return ["sections", "findings"]

    return _transition(report, actor, Action.EDIT, version, change)


def check_report(report: AnnualReport, actor: Any, version: int) -> AnnualReport:
    """The checks run on this version; their findings are kept with it."""
    return _transition(report, actor, Action.CHECK, version, lambda _: [])


def finalise(report: AnnualReport, actor: Any, version: int) -> AnnualReport:
    """The tables and linked figures frozen as they are now; refused while an error finding
    remains or the prose states a figure the records contradict."""

    def change(found: AnnualReport) -> list[str]:
        current = data(found)
        figures = collect.figures(found.agency, found.year, current.cells)
        if contradicted := drafts.contradictions(found.sections, figures):
            raise WorkflowError("；".join(contradicted) + "。请修改正文后再定稿")
        found.figures = figures
        found.cells = {k: cell_to_json(k, v) for k, v in current.cells.items()}
        found.finalised_at = timezone.now()
        return ["figures", "cells", "finalised_at"]

    return _transition(report, actor, Action.FINALISE, version, change)


def submit_for_publishing(report: AnnualReport, actor: Any, version: int) -> AnnualReport:
    """Its item goes to 保密审查 in the 政府信息公开年报 column."""

    def change(found: AnnualReport) -> list[str]:
        found.publication = _submit_item(found, actor)
        return ["publication"]

    return _transition(report, actor, Action.PUBLISH, version, change)


def reopen(report: AnnualReport, actor: Any, version: int, reason: str) -> AnnualReport:
    """Back to draft, the frozen tables released (the head, with a reason)."""

    def change(found: AnnualReport) -> list[str]:
        found.cells = found.figures = None
        found.finalised_at = found.published_at = None
        return ["cells", "figures", "finalised_at", "published_at"]

    return _transition(report, actor, Action.REOPEN, version, change, reason)


def act(
    report: AnnualReport, actor: Any, action: str, version: int, reason: str = ""
) -> AnnualReport:
    """The action a button names, by its one service."""
    steps: dict[str, Callable[[], AnnualReport]] = {
        Action.CHECK: lambda: check_report(report, actor, version),
        Action.FINALISE: lambda: finalise(report, actor, version),
        Action.PUBLISH: lambda: submit_for_publishing(report, actor, version),
        Action.REOPEN: lambda: reopen(report, actor, version, reason),
    }
    if action not in steps:
        raise WorkflowError("未知的操作")
    return steps[action]()


def _transition(
    report: AnnualReport,
    actor: Any,
    action: Action,
    version: int | None,
    change: Callable[[AnnualReport], list[str]],
    reason: str = "",
) -> AnnualReport:
    """Lock, version check, the checks of this version, the table (state, role, and the
    report's own guards), the action's change, save with update_fields, one event."""
    roles = roles_in(actor, report.agency)
    with transaction.atomic():
        report = locked(report, version, StaleReport)
        findings = run_checks(data(report), previous(report))  # what is checked is what is frozen
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        step = workflow.check(action, report.status, roles, errors=errors, reason=reason)
        before = report.status
        report.status = step.target
        report.findings = [f.to_json() for f in findings]
        changed = change(report)
        report.version += 1
        report.save(update_fields=["status", "findings", "version", *changed])
        _event(report, actor, action, before, report.status, reason.strip())
    return report


def _submit_item(report: AnnualReport, actor: Any) -> Any:
    """The report as an item of the 政府信息公开年报 column, submitted to 保密审查 like any other
    item: its body the six parts with the tables drawn as the form draws them (render_body: the
    title is the item's own, so the body does not repeat it), the PDF of the same drawing
    attached. Rendered anew on every submission, so a report reopened and published again
    needs no hand editing; items published before are left as they were."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Column
    from gongkai.reports.render.html import render_body
    from gongkai.reports.safe import PUBLISH_RENDER, render_file

    publishing.ensure_platform(report.agency)
    column = Column.objects.get(agency=report.agency, slug=ANNUAL_COLUMN)
    content = data(report)
    title = str(report)
    draft = publishing.Draft(
        column=column,
        title=title,
        publisher=report.agency.name,
        written_on=timezone.localdate(),
        body=render_body(content),
    )
    pdf = SimpleUploadedFile(
        f"{title}.pdf", render_file(content, "pdf", limits=PUBLISH_RENDER), "application/pdf"
    )
    item = publishing.save_draft(actor, draft, uploads=[pdf])
    return publishing.act(actor, item, "submit", item.version, confirm_personal_data=True)


def item_published(publication: Any, action: str = "publish", **_: Any) -> None:
    """A publication changed state (publishing.signals, inside its transaction): when it was
    published and it is a report's own item, the report is now published (by the platform)."""
    if action != "publish":
        return
    for report in AnnualReport.objects.filter(publication=publication, status=workflow.PUBLISHING):

        def change(found: AnnualReport) -> list[str]:
            found.published_at = publication.published_at
            return ["published_at"]

        _transition(report, PLATFORM, Action.ITEM_PUBLISHED, None, change)
        _withdraw_earlier_items(publication)


def _withdraw_earlier_items(publication: Any) -> None:
    """A report published again (reopened, corrected) replaces its earlier item: the 年报 column
    lists each year's report once. The earlier item is withdrawn by the platform, with the
    reason in its history; it stays in the back office."""
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Publication

    earlier = (
        Publication.objects.visible()
        .filter(column_id=publication.column_id, title=publication.title)
        .exclude(pk=publication.pk)
    )
    for item in earlier:
        publishing.withdraw(PLATFORM, item, item.version, "本报告的更正版本已发布，由新版本替代")


def _store_findings(report: AnnualReport) -> None:
    report.findings = [f.to_json() for f in check(report)]
    report.save(update_fields=["findings"])


def _event(
    report: AnnualReport, actor: Any, action: str, before: str, after: str, note: str = ""
) -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        actor=actor_or_none(actor),
        before=before,
        after=after,
        note=note,
    )
