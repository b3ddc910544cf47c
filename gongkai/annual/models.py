"""An agency's annual report in the platform: its prose, its status and, once finalised, its
frozen tables. While it is a draft the tables are computed from the records every time."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from gongkai.annual import workflow
from gongkai.audit.models import WorkflowEvent
from gongkai.orgs.models import Agency


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=list(workflow.STATUS_LABELS.items()),
        default=workflow.DRAFT,
    )
    sections = models.JSONField("正文", default=dict)
    cells = models.JSONField("定稿时的表格数据", null=True, blank=True)
    figures = models.JSONField("定稿时正文引用的数据", null=True, blank=True)
    findings = models.JSONField("最近一次核对结果", default=list)
    publication = models.ForeignKey(
        "publishing.Publication",
        verbose_name="发布的信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def editable(self) -> bool:
        return self.status in workflow.EDITABLE


class ReportEvent(WorkflowEvent):
    """The audit log of a report: every save and every status change (`before` and `after`
    hold the status; `note` the reason of a reopening)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="events"
    )

    labels: ClassVar[Any] = workflow  # names the actions and states in the history

    class Meta(WorkflowEvent.Meta):
        verbose_name = "年度报告操作记录"
        verbose_name_plural = "年度报告操作记录"


class PublicationTally(models.Model):
    """Items published per agency, local year, column and lateness: kept by database triggers
    (reports.tallies), so that a report reads a few rows instead of a year of items."""

    agency_id = models.IntegerField()
    year = models.IntegerField()
    column_id = models.IntegerField()
    late = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "year", "column_id", "late"], name="publication_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.column_id}/{self.late}: {self.n}"


class CaseTally(models.Model):
    """Cases received (by year and applicant kind) and concluded (by year, outcome, applicant
    kind and lateness) per agency: kept by database triggers (reports.tallies)."""

    agency_id = models.IntegerField()
    year = models.IntegerField()
    event = models.CharField(max_length=10)  # received | concluded
    outcome = models.CharField(max_length=50)
    kind = models.CharField(max_length=20)
    late = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "year", "event", "outcome", "kind", "late"],
                name="case_tally_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.event}/{self.outcome}/{self.kind}: {self.n}"
