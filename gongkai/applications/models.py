"""Disclosure applications (依申请公开): the case, its applicant, and its events.

The clock is never an edited date: `due_date` is recomputed by services from the case's typed
events (deadlines.compute) and stored only so the workbench can sort by it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.db import models

from gongkai.applications import cells
from gongkai.applications.channels import CHANNELS
from gongkai.applications.workflow import OPEN_STATUSES, OUTCOMES, STATUS_LABELS, Action
from gongkai.audit.models import WorkflowEvent
from gongkai.calendar.workdays import predicted_caveat
from gongkai.orgs.models import Agency
from gongkai.reports.tables import t3_key


class Channel(models.TextChoices):
    """The channels of 条例第三十一条; labels and receipt rules live in channels.CHANNELS."""

    ONLINE = "online", CHANNELS["online"][0]
    LETTER_SIGNED = "letter_signed", CHANNELS["letter_signed"][0]
    LETTER_ORDINARY = "letter_ordinary", CHANNELS["letter_ordinary"][0]
    IN_PERSON = "in_person", CHANNELS["in_person"][0]
    FAX = "fax", CHANNELS["fax"][0]
    EMAIL = "email", CHANNELS["email"][0]
    OTHER = "other", CHANNELS["other"][0]


# 条例第三十一条、国办公开办函〔2015〕207号: which day counts as the day of receipt.
RECEIPT_RULES = {key: rule for key, (_, rule) in CHANNELS.items()}


class ApplicantKind(models.TextChoices):
    """The applicant columns of Table 三 (report-json.md keys)."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICES = "legal_services", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class Applicant(models.Model):
    """Personal data: shown only to the agency's staff, never on a public page."""

    kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40, db_index=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=40)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=6, blank=True)

    class Meta:
        verbose_name = "申请人"
        verbose_name_plural = "申请人"

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=[s.value for s in OPEN_STATUSES])

    def overdue(self, on: date) -> ApplicationQuerySet:
        return self.open().filter(due_date__lt=on)

    def received_in(self, year: int) -> ApplicationQuerySet:
        return self.filter(received_on__year=year)

    def concluded_in(self, year: int) -> ApplicationQuerySet:
        return self.filter(concluded_on__year=year)

    def in_table_three_of(self, year: int) -> ApplicationQuerySet:
        """Received by the year's end and not concluded before it began: every case that can
        count in the year's Table 三 (cells.may_count_in), so that the counting reads a year or
        two of cases, not every earlier one."""
        return self.filter(received_on__lte=date(year, 12, 31)).filter(
            models.Q(concluded_on__isnull=True) | models.Q(concluded_on__gte=date(year, 1, 1))
        )

    def table_three_facts(self) -> Iterator[tuple[int, cells.Case]]:
        """(pk, what Table 三 reads of the case): the one reading of a case for applications.cells."""
        rows = self.values_list(
            "pk", "received_on", "applicant__kind", "concluded_on", "outcome", "met_deadline"
        ).order_by()
        for pk, received_on, kind, concluded_on, outcome, met_deadline in rows:
            yield pk, cells.Case(received_on, kind, concluded_on, outcome, met_deadline)

    def in_cell(self, year: int, key: str) -> ApplicationQuerySet:
        """The cases the year's Table 三 counts in the cell `key` (applications.cells decides)."""
        chosen = self.in_table_three_of(year).table_three_facts()
        return self.filter(
            pk__in=[pk for pk, case in chosen if key in cells.counted_in(case, year)]
        )

    def carried_into(self, year: int) -> ApplicationQuerySet:
        """Received before the year and not concluded before it: Table 三 二、上年结转."""
        return self.in_cell(year, t3_key(cells.CARRIED_IN, "total"))

    def carried_out_of(self, year: int) -> ApplicationQuerySet:
        """Received by the year's end and not concluded within it: Table 三 四、结转下年度."""
        return self.in_cell(year, t3_key(cells.CARRIED_OUT, "total"))


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    tracking_code = models.CharField("跟踪码", max_length=20, unique=True)
    check_code_hash = models.CharField(max_length=64, editable=False)
    applicant = models.OneToOneField(
        Applicant, verbose_name="申请人", on_delete=models.PROTECT, related_name="application"
    )
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    receipt_note = models.CharField(
        "收到情况说明", max_length=200, blank=True, help_text="如邮件号及签收日期、电话确认时间"
    )
    oral = models.BooleanField("口头提出，由工作人员代为填写（条例第二十九条）", default=False)
    assisted = models.BooleanField(
        "为有阅读或视听障碍的申请人提供帮助（条例第四十三条）", default=False
    )
    description = models.TextField("所需政府信息的名称、文号或便于查询的其他特征性描述")
    form_requested = models.CharField("获取信息的方式", max_length=40, blank=True)
    delivery_requested = models.CharField("获取信息的途径", max_length=40, blank=True)

    status = models.CharField(
        "状态",
        max_length=20,
        choices=[(s.value, label) for s, label in STATUS_LABELS.items()],
        default="registered",
        db_index=True,
    )
    outcome = models.CharField(
        "办理结果", max_length=50, blank=True, choices=[(o.key, o.label) for o in OUTCOMES]
    )
    outcome_note = models.TextField("答复要点", blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_applications",
    )
    period_start = models.DateField(
        "答复期限起算日",
        null=True,
        blank=True,
        help_text="收到申请之日，或收到补正材料之日（条例第三十条）",
    )
    due_date = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_estimated = models.BooleanField("答复期限为估算", default=False)
    due_predicted = models.BooleanField(
        "答复期限按预测的节假日安排计算",
        default=False,
        help_text="期限跨入国务院办公厅尚未公布（或尚未载入）节假日安排的年度",
    )
    concluded_on = models.DateField(
        "办结日期",
        null=True,
        blank=True,
        help_text="作出答复决定或终止处理的日期：决定该件计入哪一年度",
    )
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, blank=True)
    met_deadline = models.BooleanField("按期答复", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", null=True, blank=True)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复申请（条例第三十六条第（六）项）",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        indexes = [
            models.Index(fields=["agency", "status", "due_date"]),
            models.Index(fields=["agency", "received_on"]),
            # The annual report's Table 三: cases concluded in a year, by outcome.
            models.Index(
                fields=["agency", "concluded_on", "outcome"], name="application_concluded"
            ),
        ]
        constraints = [
            # The report's carry-over counts rely on it (reports.tallies).
            models.CheckConstraint(
                condition=models.Q(concluded_on__isnull=True)
                | models.Q(concluded_on__gte=models.F("received_on")),
                name="application_concluded_after_received",
                violation_error_message="办结日期不能早于收到申请日期",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def due_caveat(self) -> str:
        """What a reader of the due date must know: it was counted with a predicted calendar."""
        if self.due_predicted and self.due_date:
            return predicted_caveat([self.due_date.year])
        return ""


class CaseEvent(WorkflowEvent):
    """The audit log of a case: one row per state change, written in the same transaction."""

    RECEIVED, ASSIGNED, LINKED, IMPORTED = "received", "assigned", "linked_repeat", "imported"
    RECALCULATED = "recalculated"  # a holiday notice was loaded: the due date follows it
    KINDS = [
        (RECEIVED, "登记收到申请"),
        (ASSIGNED, "指定承办人"),
        (LINKED, "关联重复申请"),
        (IMPORTED, "从台账导入"),
        (RECALCULATED, "节假日安排变更，重新计算期限"),
        *((a.value, a.label) for a in Action),
    ]

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("事项", max_length=30, choices=KINDS)
    on = models.DateField("发生日期", help_text="该事项在法律上的日期（如告知补正之日、送达之日）")
    data = models.JSONField("事项内容", default=dict)

    class Meta(WorkflowEvent.Meta):
        verbose_name = "案件事项"
        verbose_name_plural = "案件事项"
        ordering = ["at", "pk"]
        # A year's events of one kind (the fees collected, for the annual report).
        indexes = [models.Index(fields=["action", "on"], name="caseevent_kind_on")]

    def __str__(self) -> str:
        return f"{self.application}｜{self.get_action_display()}｜{self.on}"


class NoticeTemplate(models.Model):
    """An agency's own wording of a notice or reply; without one the built-in wording is used."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="notice_templates"
    )
    kind = models.CharField("文书", max_length=20)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", help_text="可使用占位符，如 {申请人}、{收到日期}、{答复期限}")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="notice_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency}｜{self.title}"


class ImportBatch(models.Model):
    """An uploaded register (台账): checked row by row first, imported only when confirmed."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField("文件名", max_length=200)
    content = models.BinaryField("文件内容")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    total = models.PositiveIntegerField("行数", default=0)
    rejected = models.JSONField("不能导入的行", default=list)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    imported = models.PositiveIntegerField("已导入", default=0)

    class Meta:
        verbose_name = "台账导入"
        verbose_name_plural = "台账导入"

    def __str__(self) -> str:
        return self.filename
