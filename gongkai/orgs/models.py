"""Agencies (机关) as a tree, and who works in which with which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.orgs.roles import Role

__all__ = ["Agency", "AgencyKind", "Membership", "OrgEvent", "Role", "Website"]


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府工作部门"
    ZONE = "zone", "开发区管理委员会"
    OFFICE = "office", "内设或派出机构"


class AgencyQuerySet(models.QuerySet["Agency"]):
    def subtree(self, agency: Agency) -> AgencyQuerySet:
        """The agency and every agency below it (a government and its departments)."""
        return self.filter(path__startswith=agency.path)

    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(models.Model):
    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField(
        "类型", max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path ("000001/000004/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    slug = models.SlugField(
        "机关代码",
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text="英文字母、数字和连字符，如 luoyang-gaoxin；用于命令行和数据交换",
    )
    code = models.CharField(
        "案件编号前缀",
        max_length=8,
        blank=True,
        help_text="用于跟踪码，如 GX（高新区）；留空则用 GK",
    )
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=6, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    is_active = models.BooleanField("启用", default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices())

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user}｜{self.agency}｜{self.get_role_display()}"


class OrgEvent(models.Model):
    """The audit log of agencies and roles: who changed what, from what, to what. The label
    keeps the names as they were, so a row still reads right after the agency or user is gone."""

    class Kind(models.TextChoices):
        MEMBER_ADDED = "member_added", "授予岗位"
        MEMBER_CHANGED = "member_changed", "变更岗位"
        MEMBER_REMOVED = "member_removed", "撤销岗位"
        AGENCY_ADDED = "agency_added", "新建机关"
        AGENCY_CHANGED = "agency_changed", "修改机关信息"
        AGENCY_REMOVED = "agency_removed", "删除机关"
        ACCOUNT_ADDED = "account_added", "新建账号"
        ACCOUNT_CHANGED = "account_changed", "修改账号权限"
        WEBSITE_CHANGED = "website_changed", "修改网站信息"

    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name="机关", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="岗位人员",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    label = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", default=dict)
    after = models.JSONField("修改后", default=dict)

    class Meta:
        verbose_name = "机关和岗位变更记录"
        verbose_name_plural = "机关和岗位变更记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.label}"


class Website(models.Model):
    """The installation's identity, one row (pk 1): the header's name and emblem and the
    footer's five fields of 《政府网站发展指引》 (gongkai/orgs/website.py); an empty field is not
    shown and the website self-check reports it."""

    name = models.CharField("网站名称", max_length=60, blank=True)
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    site_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp = models.CharField("ICP备案号", max_length=40, blank=True)
    police = models.CharField("公安机关备案号", max_length=40, blank=True)
    emblem = models.BinaryField("网站标志（PNG）", blank=True, default=b"")
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"

    def __str__(self) -> str:
        return self.name or "网站信息"
