from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Agency


class RegisterEvent(models.Model):
    """The audit log of the registers and settings: who changed what, from what, to what."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField("对象", max_length=40)
    label = models.CharField("名称", max_length=200)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        # Made under publishing, where the log began; the table keeps its name.
        db_table = "publishing_registerevent"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.what}：{self.label}"
