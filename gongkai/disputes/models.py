"""The register of 行政复议 and 行政诉讼 concerning the agency's disclosure work."""

from __future__ import annotations

from django.db import models

from gongkai.applications.models import Application
from gongkai.disputes import rules
from gongkai.orgs.models import Agency
from gongkai.reports.tables import DISPUTE_GROUP_LABELS, DISPUTE_RESULT_LABELS


class Kind(models.TextChoices):
    RECONSIDERATION = "reconsideration", DISPUTE_GROUP_LABELS["reconsideration"]
    LITIGATION_DIRECT = "litigation_direct", DISPUTE_GROUP_LABELS["litigation_direct"]
    LITIGATION_AFTER = (
        "litigation_after_reconsideration",
        DISPUTE_GROUP_LABELS["litigation_after_reconsideration"],
    )


class Result(models.TextChoices):
    UPHELD = "upheld", DISPUTE_RESULT_LABELS["upheld"]
    CORRECTED = "corrected", DISPUTE_RESULT_LABELS["corrected"]
    OTHER = "other", DISPUTE_RESULT_LABELS["other"]
    PENDING = "pending", DISPUTE_RESULT_LABELS["pending"]


class Stage(models.TextChoices):
    """Where the matter stands, in words the office uses (the result decides Table 四)."""

    FILED = "filed", "已申请或起诉"
    ACCEPTED = "accepted", "已受理"
    HEARING = "hearing", "审理中"
    DECIDED = "decided", "已审结"
    APPEAL = "appeal", "上诉或再审中"


class Dispute(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="disputes"
    )
    kind = models.CharField("类别", max_length=40, choices=Kind.choices)
    body = models.CharField("复议机关或法院", max_length=100)
    case_number = models.CharField("案号", max_length=80)
    applicant = models.CharField("申请人或原告", max_length=100, blank=True)
    application = models.ForeignKey(
        Application,
        verbose_name="涉及的公开申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
    )
    follows = models.ForeignKey(
        "self",
        verbose_name="此前的行政复议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lawsuits",
    )
    filed_on = models.DateField("申请复议或起诉日期")
    decided_on = models.DateField("审结日期", null=True, blank=True)
    stage = models.CharField("进展", max_length=20, choices=Stage.choices, default=Stage.FILED)
    result = models.CharField(
        "审理结果", max_length=20, choices=Result.choices, default=Result.PENDING
    )
    summary = models.TextField("案情和结果摘要", blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "行政复议或诉讼"
        verbose_name_plural = "行政复议和诉讼"
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "case_number"],
                name="dispute_case_number_unique",
                violation_error_message="同一机关的同类案件中已有这个案号",
            ),
            models.CheckConstraint(
                condition=models.Q(result="pending", decided_on__isnull=True)
                | (~models.Q(result="pending") & models.Q(decided_on__isnull=False)),
                name="dispute_decided_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"

    def record(self) -> rules.Record:
        return rules.Record(self.kind, self.filed_on, self.decided_on, self.result)


class DisputeDocument(models.Model):
    """A 决定书, 判决书 or other paper of the matter."""

    dispute = models.ForeignKey(
        Dispute, verbose_name="行政复议或诉讼", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField("文书名称", max_length=100)
    file = models.FileField("文件", upload_to="disputes/%Y/")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"

    def __str__(self) -> str:
        return self.title
