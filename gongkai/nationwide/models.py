"""A batch of report files queued for the workers, and one result row per file: created pending
when the batch is queued, filled in once by the task that checks the file."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, Value, When

from gongkai.reports.batch import SUMMARY_FIELDS


class Status(models.TextChoices):
    PENDING = "pending", "待核对"
    # The two values of the `status` column of `gongkai check`'s summary (reports.batch).
    OK = "ok", "已核对"
    UNREADABLE = "unreadable", "无法读取"


class AuditBatch(models.Model):
    created = models.DateTimeField("提交时间", auto_now_add=True)
    source = models.TextField("报告文件目录")
    file_count = models.PositiveIntegerField("文件数")

    class Meta:
        verbose_name = "核对批次"
        verbose_name_plural = "核对批次"
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"第 {self.pk} 批：{self.source}（{self.file_count} 份）"


class ResultQuerySet(models.QuerySet["AuditResult"]):
    def pending(self) -> ResultQuerySet:
        return self.filter(status=Status.PENDING)

    def done(self) -> ResultQuerySet:
        return self.exclude(status=Status.PENDING)

    def unreadable(self) -> ResultQuerySet:
        return self.filter(status=Status.UNREADABLE)

    def worst_first(self) -> ResultQuerySet:
        """The order of `gongkai check DIR`'s table: unreadable, then most errors, warnings."""
        unreadable_first = Case(When(status=Status.UNREADABLE, then=Value(0)), default=Value(1))
        return self.order_by(unreadable_first, "-errors", "-warnings", "path")


class AuditResult(models.Model):
    batch = models.ForeignKey(
        AuditBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="results"
    )
    path = models.TextField("文件")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    # The columns of `gongkai check`'s summary (reports.batch.Result.summary).
    reason = models.TextField("无法读取的原因", blank=True)
    agency = models.CharField("机关", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    template = models.CharField("模板", max_length=10, blank=True)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    infos = models.PositiveIntegerField("提示", default=0)
    codes = models.TextField("错误和警告代码", blank=True)
    findings = models.JSONField("发现", default=list, blank=True)  # Finding.to_json() each
    seconds = models.FloatField("用时（秒）", null=True, blank=True)
    worker = models.CharField("核对进程", max_length=200, blank=True)  # host:pid
    finished = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "核对结果"
        verbose_name_plural = "核对结果"
        ordering = ["batch", "path"]
        constraints = [
            # A task run twice (a retry, two workers after a crash) keeps one row per file.
            models.UniqueConstraint(fields=["batch", "path"], name="nationwide_one_result_per_file")
        ]
        indexes = [models.Index(fields=["batch", "status"], name="nationwide_batch_status")]

    def __str__(self) -> str:
        return f"{self.path}（{self.get_status_display()}）"

    def summary(self) -> dict[str, object]:
        """The row `gongkai check DIR` writes for this file (reports.batch.SUMMARY_FIELDS)."""
        row: dict[str, object] = {name: getattr(self, name) for name in SUMMARY_FIELDS}
        row["year"] = "" if self.year is None else self.year
        return row
