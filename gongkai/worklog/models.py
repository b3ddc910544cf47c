"""The register of an agency's 政务公开 work that the annual report's 总体情况 tells of:
trainings, meetings and surveys (with their materials), 公开专区, 示范点 and offline facilities,
the website's events, and the 政务新媒体 accounts with their monthly figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Agency
from gongkai.worklog.kinds import ActivityKind, Level, Platform, VenueKind, WebsiteEventKind


class Activity(models.Model):
    """A training, a 专题会议 or a survey (调研): when, about what, who, what was found."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField("类别", max_length=20, choices=ActivityKind.choices())
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True)
    findings = models.TextField("内容或发现的问题", blank=True, max_length=5000)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "培训、会议和调研"
        verbose_name_plural = "培训、会议和调研"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}：{self.topic}"


class ActivityFile(models.Model):
    """A material of an activity: the training's slides, the meeting's minutes, photos."""

    activity = models.ForeignKey(
        Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="files"
    )
    title = models.CharField("材料名称", max_length=100)
    file = models.FileField("文件", upload_to="worklog/%Y/")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动材料"
        verbose_name_plural = "活动材料"

    def __str__(self) -> str:
        return self.title


class Venue(models.Model):
    """A 政务公开专区, a 示范点 or an offline facility (公开栏, 查阅点)."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="venues"
    )
    kind = models.CharField("类别", max_length=20, choices=VenueKind.choices())
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices())
    address = models.CharField("地址", max_length=200, blank=True)
    opened_on = models.DateField("建成日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "公开专区、示范点和线下设施"
        verbose_name_plural = "公开专区、示范点和线下设施"
        ordering = ["kind", "level", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class WebsiteEvent(models.Model):
    """Something that happened to the agency's website: opened, a new version online."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="website_events"
    )
    kind = models.CharField("事项", max_length=20, choices=WebsiteEventKind.choices())
    happened_on = models.DateField("日期")
    description = models.CharField("说明", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "网站建设事项"
        verbose_name_plural = "网站建设事项"
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


class Account(models.Model):
    """A 政务新媒体 account the agency runs (公众号, 微博, 抖音, …)."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="media_accounts"
    )
    platform = models.CharField("平台", max_length=20, choices=Platform.choices())
    name = models.CharField("账号名称", max_length=100)
    sponsor = models.CharField("主办单位", max_length=100)
    opened_on = models.DateField("开设日期", null=True, blank=True)
    closed_on = models.DateField("关停日期", null=True, blank=True)
    filed_on = models.DateField(
        "备案日期", null=True, blank=True, help_text="在全国政务新媒体信息报送系统备案的日期"
    )
    last_posted_on = models.DateField("最近更新日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ["platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "platform", "name"],
                name="account_unique",
                violation_error_message="本机关已登记过这个平台上同名的账号",
            )
        ]

    def __str__(self) -> str:
        return f"“{self.name}”{self.get_platform_display()}"


class AccountFigure(models.Model):
    """An account's figures for a month (1–12), or for a whole year (month 0) where only the
    year's totals are known: 期 (issues), 条 (posts), and followers at the period's end."""

    account = models.ForeignKey(
        Account, verbose_name="账号", on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份", help_text="0 表示全年合计")
    issues = models.PositiveIntegerField("发布期数", null=True, blank=True)
    posts = models.PositiveIntegerField("发布条数")
    followers = models.PositiveIntegerField("粉丝或关注数", null=True, blank=True)
    source = models.CharField("数据来源", max_length=200, blank=True)

    class Meta:
        verbose_name = "新媒体月度数据"
        verbose_name_plural = "新媒体月度数据"
        ordering = ["account", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "year", "month"],
                name="account_figure_unique",
                violation_error_message="这个账号这个月的数据已登记",
            ),
            models.CheckConstraint(condition=models.Q(month__lte=12), name="account_figure_month"),
        ]

    def __str__(self) -> str:
        period = f"{self.year}年" + (f"{self.month}月" if self.month else "全年")
        return f"{self.account} {period}：{self.posts}条"

    @property
    def agency_id(self) -> int:  # for the audit log (registers.log)
        return int(self.account.agency_id)
