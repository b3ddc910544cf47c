from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A staff member. What they may do comes from their memberships (orgs.Membership)."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    # Set for a password someone else has seen (a reset's one-time password, a printed demo
    # password); until it is changed, every page sends the user to the change page
    # (accounts.middleware.PasswordChangeRequired).
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username
