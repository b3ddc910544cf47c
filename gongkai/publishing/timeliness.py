"""条例第二十六条: an item is published within 20 working days of being written (or changed).

The working days an item took are counted once, when it is published, with the calendar of that
day, and kept on the item (`publish_workdays`): the back office's list and the annual report
then count late items with an index instead of a calendar walk over every item of a year.
What "late" means is `lateness` (pure); `late_items` is its one query.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from gongkai.calendar.workdays import CalendarNotCovered, WorkCalendar
from gongkai.publishing.lateness import LATE_AFTER_WORKDAYS
from gongkai.publishing.models import PublicationQuerySet

__all__ = ["LATE_AFTER_WORKDAYS", "late", "late_items", "workdays"]


def workdays(written_on: date, published_at: Any, calendar: WorkCalendar) -> int | None:
    """Working days from being written to the (local) day of publication; None when the
    calendar does not cover those days."""
    try:
        return calendar.workdays_between(written_on, timezone.localtime(published_at).date())
    except CalendarNotCovered:
        return None


def late_items(items: PublicationQuerySet) -> PublicationQuerySet:
    """The items published late (`lateness.is_late` as a filter: NULL days are not late)."""
    return items.filter(publish_workdays__gt=LATE_AFTER_WORKDAYS)


def late(items: PublicationQuerySet) -> tuple[list[Any], list[Any]]:
    """(item, published on, working days) of the late ones, and the published items whose days
    could not be counted (a year the calendar does not hold)."""
    found = [
        (item, timezone.localtime(item.published_at).date(), item.publish_workdays)
        for item in late_items(items).order_by("published_at")
    ]
    unknown = list(items.filter(published_at__isnull=False, publish_workdays__isnull=True))
    return found, unknown
