"""An item's dates, as its page shows them. Every item page not in the page cache shows four
(crawlers walk the long tail), and Django's `date` filter looks up the locale's formats each
time: five times the cost (bench/portal.py, cold items)."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

register = template.Library()


def _local(value: date) -> date:
    """In the site's time zone (never switched per reader: no asking which is current)."""
    if isinstance(value, datetime):
        return timezone.localtime(value, timezone.get_default_timezone())
    return value


@register.filter
def cn_date(value: date | None) -> SafeString:
    """2026年12月6日 (a time as in Asia/Shanghai): digits and 年月日, nothing to escape."""
    if not value:
        return SafeString()
    value = _local(value)
    return SafeString(f"{value.year}年{value.month}月{value.day}日")


@register.filter
def local_time(value: datetime | None, pattern: str) -> str:
    """A time as in Asia/Shanghai, by a strftime pattern: "%Y-%m-%dT%H:%M:%S%z"."""
    return _local(value).strftime(pattern) if value else ""
