"""Runs of the website self-check with their findings, and the rectification tasks (整改) made
from findings. A task names its problem by (code, subject): the run that no longer finds it
closes the task."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Agency
from gongkai.sitecheck import state
from gongkai.sitecheck.workflow import STATUS_LABELS, Status


class Run(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUS_LABELS = {QUEUED: "排队中", RUNNING: "检查中", DONE: "已完成", FAILED: "未完成"}
    DAILY, MANUAL = "daily", "manual"
    TRIGGER_LABELS = {DAILY: "每日自动检查", MANUAL: "手动检查"}

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="site_checks"
    )
    trigger = models.CharField("触发方式", max_length=10, choices=list(TRIGGER_LABELS.items()))
    status = models.CharField(
        "状态", max_length=10, choices=list(STATUS_LABELS.items()), default=QUEUED
    )
    crawl = models.BooleanField("检查链接", default=True)
    external = models.BooleanField("检查外部链接", default=False)
    checked_on = models.DateField("检查日期")
    queued_at = models.DateTimeField("排队时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField("未完成的原因", blank=True)
    # Seconds per phase, crawl pages and response times, counts per severity and indicator.
    stats = models.JSONField("统计", default=dict)

    class Meta:
        verbose_name = "网站自查"
        verbose_name_plural = "网站自查"
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "checked_on"])]

    def __str__(self) -> str:
        return f"{self.agency}｜{self.checked_on}自查"

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS.get(self.status, self.status)

    @property
    def trigger_label(self) -> str:
        return self.TRIGGER_LABELS.get(self.trigger, self.trigger)


class Finding(models.Model):
    run = models.ForeignKey(
        Run, verbose_name="自查", on_delete=models.CASCADE, related_name="findings"
    )
    code = models.CharField("问题代码", max_length=40)
    severity = models.CharField("严重程度", max_length=10)
    indicator = models.CharField("指标", max_length=20)
    subject = models.CharField("对象", max_length=300)
    message = models.TextField("问题")
    link = models.CharField("链接", max_length=500, blank=True)

    class Meta:
        verbose_name = "自查发现的问题"
        verbose_name_plural = "自查发现的问题"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.message

    @property
    def severity_label(self) -> str:
        return state.SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def indicator_label(self) -> str:
        return state.INDICATORS.get(self.indicator, self.indicator)


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        """Tasks still to be rectified (the one place that says what open means)."""
        return self.filter(status=Status.OPEN)


class Task(models.Model):
    """整改任务: one finding, an owner and a due date."""

    OPEN, CLOSED, WAIVED = Status  # the workflow's states (sitecheck.workflow)
    STATUS_LABELS = STATUS_LABELS

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="site_tasks"
    )
    code = models.CharField("问题代码", max_length=40)
    subject = models.CharField("对象", max_length=300)
    indicator = models.CharField("指标", max_length=20)
    severity = models.CharField("严重程度", max_length=10)
    message = models.TextField("问题")
    link = models.CharField("链接", max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        on_delete=models.PROTECT,
        related_name="site_tasks",
    )
    due_on = models.DateField("整改期限")
    note = models.TextField("整改要求", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices(), default=Status.OPEN)
    found_by = models.ForeignKey(
        Run, verbose_name="发现问题的自查", on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        Run,
        verbose_name="确认整改的自查",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closed_tasks",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    waived_reason = models.TextField("豁免理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code", "subject"],
                condition=models.Q(status="open"),
                name="site_task_one_open_per_problem",
                violation_error_message="这个问题已有整改任务",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.message}"[:200]  # the audit log's label names the task

    @property
    def status_label(self) -> str:
        return self.STATUS_LABELS.get(self.status, self.status)

    @property
    def severity_label(self) -> str:
        return state.SEVERITY_LABELS.get(self.severity, self.severity)


class SensitiveTerm(models.Model):
    """错敏词: a word that must not appear in what is published, or a common misspelling, with
    where the list came from. Without an agency it applies to every agency."""

    agency = models.ForeignKey(
        Agency,
        verbose_name="适用机关",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sensitive_terms",
        help_text="留空表示适用于所有机关",
    )
    term = models.CharField("词语", max_length=50)
    note = models.CharField("说明或正确写法", max_length=200, blank=True)
    source = models.CharField("来源", max_length=200)

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "term"],
                name="sensitive_term_unique",
                violation_error_message="词表中已有这个词",
            ),
            models.UniqueConstraint(  # NULLs are distinct: the shared list needs its own
                fields=["term"],
                condition=models.Q(agency__isnull=True),
                name="sensitive_term_shared_unique",
                violation_error_message="共用词表中已有这个词",
            ),
        ]

    def __str__(self) -> str:
        return self.term
