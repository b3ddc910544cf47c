"""条例第二十六条: an item is published within 20 working days of being written (or changed)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from gongkai.calendar.workdays import CalendarNotCovered, WorkCalendar
from gongkai.publishing.models import PublicationQuerySet

LATE_AFTER_WORKDAYS = 20


def late(items: PublicationQuerySet, calendar: WorkCalendar) -> tuple[list, list]:  # type: ignore[type-arg]
    """(item, published on, working days) of the late ones, and the items whose dates the
    calendar does not cover. Only items published 20 or more calendar days after being written
    can be late, so the working days are counted for those alone."""
    late_items, unknown = [], []
    candidates = items.filter(
        published_at__isnull=False,
        # A day less, so that a UTC timestamp of the local publication day is never left out.
        published_at__gte=F("written_on") + timedelta(days=LATE_AFTER_WORKDAYS - 1),
    )
    for item in candidates.only("pk", "title", "written_on", "published_at", "column__name"):
        published_on: date = timezone.localtime(item.published_at).date()
        try:
            days = calendar.workdays_between(item.written_on, published_on)
        except CalendarNotCovered:
            unknown.append(item)
            continue
        if days > LATE_AFTER_WORKDAYS:
            late_items.append((item, published_on, days))
    return late_items, unknown
