"""What every service shares: the errors, today's date, and the snapshot an event records."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gongkai.applications.models import Application

SERVICE_METHODS = {
    "direct": "直接送达（以申请人签收之日为准）",
    "entrusted": "委托其他行政机关代为送达（以签收之日为准）",
    "post": "邮政企业邮寄送达（以交邮之日为准）",
    "electronic": "通过申请人选择的电子途径送达（以发送之日为准）",
}
_TRACKED = [
    "status",
    "outcome",
    "due_date",
    "due_estimated",
    "due_predicted",
    "handler_id",
    "concluded_on",
    "served_on",
    "period_start",
    "fee_amount",
    "met_deadline",
]


class CaseError(ValueError):
    """A change the rules do not allow, with the reason in Chinese."""


class StaleCase(CaseError):
    def __init__(self) -> None:
        super().__init__("该案件已被他人修改，请刷新页面查看最新情况后再操作")


def today() -> date:
    return timezone.localdate()


def snapshot(application: Application) -> dict[str, Any]:
    return {field: _plain(getattr(application, field)) for field in _TRACKED}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
