"""The State Council's holiday notices as loaded by staff: national data shared by every agency of
an installation. Every load is a new version of its year (nothing is replaced or deleted); the
latest version of a year is in force. Years without a loaded notice come from the
chinese-calendar package or the prediction (sources.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NoticeVersion(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    notice = models.CharField(
        "依据", max_length=200, help_text="国务院办公厅关于该年部分节假日安排的通知及文号"
    )
    note = models.CharField("载入说明", max_length=200, blank=True)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = "节假日安排（载入版本）"
        verbose_name_plural = "节假日安排（载入版本）"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="notice_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.version}版（{self.notice}）"


class SpecialDay(models.Model):
    HOLIDAY, WORKDAY = "holiday", "workday"
    notice = models.ForeignKey(
        NoticeVersion, verbose_name="通知版本", on_delete=models.PROTECT, related_name="days"
    )
    day = models.DateField("日期")
    kind = models.CharField(
        "类型", max_length=10, choices=[(HOLIDAY, "放假"), (WORKDAY, "调休上班")]
    )
    name = models.CharField("名称", max_length=80)

    class Meta:
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日与调休日"
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["notice", "day"], name="special_day_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class CalendarEvent(models.Model):
    """The audit log of the calendar: who loaded which version, what was in force before, what
    is now, and the days whose working-day status changed."""

    notice = models.ForeignKey(
        NoticeVersion, verbose_name="通知版本", on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)
    before = models.JSONField("载入前", default=dict)
    after = models.JSONField("载入后", default=dict)
    changes = models.JSONField("变化的日期", default=list)

    class Meta:
        verbose_name = "节假日安排载入记录"
        verbose_name_plural = "节假日安排载入记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return str(self.notice)
