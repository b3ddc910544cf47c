"""Columns, publications with their reviews and history, and the registers behind Table 二."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.audit.models import WorkflowEvent
from gongkai.orgs.models import Agency
from gongkai.publishing import platform, workflow
from gongkai.publishing.index_numbers import DEFAULT_RULE


class PublishingSettings(models.Model):
    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="publishing_settings"
    )
    review_levels = models.PositiveSmallIntegerField(
        "保密审查级数", choices=[(1, "一级审查"), (2, "两级审查")], default=1
    )
    agency_code = models.CharField(
        "索引号机构代码", max_length=30, help_text="如组织机构代码或统一社会信用代码的一部分"
    )
    index_rule = models.CharField("索引号规则", max_length=100, default=DEFAULT_RULE)

    class Meta:
        verbose_name = "发布设置"
        verbose_name_plural = "发布设置"

    def __str__(self) -> str:
        return f"{self.agency}的发布设置"


class Column(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="columns"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField("代码", max_length=40)
    name = models.CharField("栏目名称", max_length=60)
    section = models.CharField(
        "所属一级栏目", max_length=20, choices=list(platform.SECTION_LABELS.items())
    )
    column_class = models.CharField(
        "栏目类别", max_length=10, choices=list(platform.CLASS_LABELS.items())
    )
    category = models.CharField("索引号类别代码", max_length=10, blank=True)
    update_days = models.PositiveIntegerField(
        "更新周期（天）", null=True, blank=True, help_text="本机关规定更严时填写"
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="column_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_platform(self) -> bool:
        return self.section != platform.OWN


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    REPEALED = "repealed", "废止"
    EXPIRED = "expired", "失效"


class InterpretationForm(models.TextChoices):
    """How a 解读 explains the document it interprets (the forms reports and inspectors count)."""

    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    VIDEO = "video", "视频解读"
    BRIEFING = "briefing", "新闻发布会"
    INTERVIEW = "interview", "在线访谈"
    H5 = "h5", "H5"


class PublicationQuerySet(models.QuerySet["Publication"]):
    def visible(self, at: object = None) -> PublicationQuerySet:
        """What the public sees: published, and its publication time has come. (An item's page
        reads it as plain SQL: publishing.access.public_item, held to this by its tests.)"""
        return self.filter(status=workflow.PUBLISHED, published_at__lte=at or timezone.now())


class Publication(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="publications"
    )
    column = models.ForeignKey(
        Column, verbose_name="栏目", on_delete=models.PROTECT, related_name="publications"
    )
    index_number = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    publisher = models.CharField("发布机构", max_length=100)
    written_on = models.DateField("成文日期")
    published_at = models.DateTimeField("发布日期", null=True, blank=True, db_index=True)
    publish_workdays = models.PositiveSmallIntegerField(
        "成文至发布的工作日数", null=True, blank=True, editable=False
    )
    doc_number = models.CharField("文号", max_length=60, blank=True)
    topic = models.CharField(
        "主题分类", max_length=30, choices=[(t, t) for t in platform.TOPICS], default="综合政务"
    )
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    valid_from = models.DateField("生效日期", null=True, blank=True)
    invalid_on = models.DateField("废止或失效日期", null=True, blank=True)
    body = models.TextField("正文", blank=True)  # sanitised HTML
    # For search and the personal-data scan.
    body_text = models.TextField("正文纯文本", blank=True, editable=False)
    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    interpretation_form = models.CharField(
        "解读形式", max_length=20, choices=InterpretationForm.choices, blank=True
    )
    status = models.CharField(
        "状态",
        max_length=12,
        choices=list(workflow.STATUS_LABELS.items()),
        default=workflow.DRAFT,
        db_index=True,
    )
    review_levels = models.PositiveSmallIntegerField("保密审查级数", default=1)
    reviews_done = models.PositiveSmallIntegerField("已签署审查级数", default=0)
    return_reason = models.TextField("退回理由", blank=True)
    pii_confirmed = models.BooleanField("已确认个人信息可以公开", default=False)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "公开信息"
        verbose_name_plural = "公开信息"
        ordering = ["-published_at", "-pk"]
        indexes = [
            # A column's page (column, status, newest first); with the agency and the working
            # days it also covers a one-agency database's yearly counts (SQLite skip-scans it).
            models.Index(
                fields=["column", "status", "published_at", "agency", "publish_workdays"],
                name="publication_column_pages",
            ),
            # Covers the annual report's counts of a year (per column, late ones): index only.
            models.Index(
                fields=["agency", "published_at", "column", "publish_workdays"],
                name="publication_year_counts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return workflow.STATUS_LABELS.get(self.status, self.status)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.publication.agency_id}/{timezone.localtime():%Y/%m}/{filename}"


class Attachment(models.Model):
    publication = models.ForeignKey(
        Publication, verbose_name="公开信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("附件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    kind = models.CharField("类型", max_length=10)
    text = models.TextField("附件文字", blank=True, editable=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """A signed 保密审查 record."""

    APPROVED, RETURNED = "approved", "returned"
    publication = models.ForeignKey(
        Publication, verbose_name="公开信息", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField("审查级别")
    decided_at = models.DateTimeField("审查时间", auto_now_add=True)
    opinion = models.TextField("审查意见")
    outcome = models.CharField(
        "结论", max_length=10, choices=[(APPROVED, "同意公开"), (RETURNED, "退回修改")]
    )

    class Meta:
        verbose_name = "保密审查记录"
        verbose_name_plural = "保密审查记录"
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"第{self.level}级审查：{self.get_outcome_display()}"


class PublicationEvent(WorkflowEvent):
    """The audit log of a publication: one row per change, in the same transaction (`before`
    and `after` hold the status)."""

    publication = models.ForeignKey(
        Publication, verbose_name="公开信息", on_delete=models.CASCADE, related_name="events"
    )

    labels: ClassVar[Any] = workflow  # names the actions and states in the history

    class Meta(WorkflowEvent.Meta):
        verbose_name = "公开信息操作记录"
        verbose_name_plural = "公开信息操作记录"


class NormativeKind(models.TextChoices):
    REGULATION = "regulations", "规章"
    NORMATIVE = "normative_documents", "行政规范性文件"


class NormativeDocument(models.Model):
    """The register of 规章 and 行政规范性文件: issue, amendment, repeal, expiry."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="normative_documents"
    )
    kind = models.CharField("类别", max_length=20, choices=NormativeKind.choices)
    title = models.CharField("名称", max_length=200)
    doc_number = models.CharField("文号", max_length=60)
    issued_on = models.DateField("制发日期")
    amended_on = models.DateField("最近修订日期", null=True, blank=True)
    ended_on = models.DateField("废止或失效日期", null=True, blank=True)
    end_kind = models.CharField(
        "终止方式",
        max_length=10,
        blank=True,
        choices=[(Validity.REPEALED, "废止"), (Validity.EXPIRED, "失效")],
    )
    publication = models.ForeignKey(
        Publication,
        verbose_name="登载的公开信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "规范性文件登记"
        verbose_name_plural = "规范性文件登记"
        ordering = ["-issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_number"],
                name="normative_number_unique",
                violation_error_message="本机关已登记过这个文号",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"


class FigureItem(models.TextChoices):
    LICENSING = "licensing", "行政许可（处理决定数量）"
    PUNISHMENT = "punishment", "行政处罚（处理决定数量）"
    ENFORCEMENT = "enforcement", "行政强制（处理决定数量）"
    FEES = "fees", "行政事业性收费（万元）"


class ProactiveFigure(models.Model):
    """Article 20(5)(6)(8) figures for a year, entered or imported, with their source."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="proactive_figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    item = models.CharField("事项", max_length=20, choices=FigureItem.choices)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    source = models.CharField("数据来源", max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "第二十条统计数据"
        verbose_name_plural = "第二十条统计数据"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "item"], name="figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_item_display()}：{self.value}"
