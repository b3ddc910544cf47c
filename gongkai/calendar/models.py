"""The holiday and 调休 tables, kept in the database so that staff can load a year's State
Council notice before any package knows it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField(
        "依据", max_length=200, help_text="国务院办公厅关于该年部分节假日安排的通知及文号"
    )
    source = models.CharField(
        "来源",
        max_length=20,
        choices=[("package", "chinese-calendar 数据包"), ("notice", "人工载入")],
    )
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.notice}）"


class SpecialDay(models.Model):
    HOLIDAY, WORKDAY = "holiday", "workday"
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    day = models.DateField("日期", unique=True)
    kind = models.CharField(
        "类型", max_length=10, choices=[(HOLIDAY, "放假"), (WORKDAY, "调休上班")]
    )
    name = models.CharField("名称", max_length=80)

    class Meta:
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日与调休日"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
