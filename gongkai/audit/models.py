from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Agency


class WorkflowEvent(models.Model):
    """The one shape of a workflow's event row: which action, who took it (null: the platform
    or the public), when it was recorded, the record before and after, and a note.

    An abstract model, not one shared table: each workflow keeps its events beside its records
    (CaseEvent, PublicationEvent, ReportEvent), with a real foreign key (deleting a draft takes
    its history, one indexed query gives a record's history) and what only it needs (a case's
    events carry the legal date `on` and the data its deadline clock reads). The registers and
    settings, which have no workflow, share one log (RegisterEvent, below)."""

    action = models.CharField("事项", max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)
    before = models.JSONField("变更前", default=dict)
    after = models.JSONField("变更后", default=dict)
    note = models.TextField("说明", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}（{self.before} → {self.after}）"

    # The workflow module whose event_label and status_label name this table's actions and
    # states in the history staff read (a subclass sets it; unset, the stored values show).
    labels: ClassVar[Any] = None

    @property
    def action_label(self) -> str:
        return str(self.labels.event_label(self.action)) if self.labels else self.action

    @property
    def before_label(self) -> str:
        return str(self.labels.status_label(self.before)) if self.labels else str(self.before)

    @property
    def after_label(self) -> str:
        return str(self.labels.status_label(self.after)) if self.labels else str(self.after)


class RegisterEvent(models.Model):
    """The audit log of the registers and settings: who changed what, from what, to what."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)
    what = models.CharField("对象", max_length=40)
    label = models.CharField("名称", max_length=200)
    before = models.JSONField("变更前", default=dict)
    after = models.JSONField("变更后", default=dict)

    class Meta:
        verbose_name = "登记和设置变更记录"
        verbose_name_plural = "登记和设置变更记录"
        # Made under publishing, where the log began; the table keeps its name.
        db_table = "publishing_registerevent"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.what}：{self.label}"
