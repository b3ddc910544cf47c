"""A message to an applicant about their case, or a digest to staff: what was sent, to whom, by
which channel, and how sending went (the case page lists a case's messages for the staff)."""

from __future__ import annotations

from django.db import models

from gongkai.applications.models import Application
from gongkai.applications.public import Part, literal_parts


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class Status(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Kind(models.TextChoices):
    RECEIVED = "received", "受理通知"
    CORRECTION = "request_correction", "补正通知"
    EXTENSION = "extend", "延期答复通知"
    SERVED = "serve", "答复送达通知"
    DIGEST = "digest", "临期案件提醒"


class Message(models.Model):
    case = models.ForeignKey(
        Application,
        verbose_name="案件",
        null=True,
        blank=True,  # a digest names many cases
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("通知事项", max_length=30, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    recipient = models.CharField("收件人", max_length=254)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.TextField("最近一次失败原因", blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送成功时间", null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        "下次重试时间", null=True, blank=True, help_text="空：不再重试（已发送，或已用完重试次数）"
    )

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["created_at", "pk"]
        indexes = [
            # The retry sweep: unsent messages whose next attempt is due.
            models.Index(fields=["status", "next_attempt_at"], name="notify_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}｜{self.subject}"

    # For the staff's page: the words apart from the tracking code and the addresses in them.
    def subject_parts(self) -> tuple[Part, ...]:
        return literal_parts(self.subject, self._code())

    def body_lines(self) -> list[tuple[Part, ...]]:
        return [literal_parts(line, self._code()) for line in self.body.split("\n")]

    def _code(self) -> str:
        return self.case.tracking_code if self.case_id and self.case else ""
