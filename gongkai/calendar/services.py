"""Loading holiday notices and building the WorkCalendar the platform counts with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max

from gongkai.calendar.models import CalendarYear, SpecialDay
from gongkai.calendar.workdays import WorkCalendar

_FINGERPRINT = "workcalendar:fingerprint"
_built: dict[str, WorkCalendar] = {}


class NoticeError(ValueError):
    """A notice that cannot be loaded as given (Chinese message)."""


def current() -> WorkCalendar:
    """The calendar in the database, rebuilt in this process only when a notice changed it.

    The fingerprint lives in the shared cache for a minute, so every process notices a newly
    loaded notice within that time without querying on every request.
    """
    fingerprint = cache.get(_FINGERPRINT)
    if fingerprint is None:
        stats = CalendarYear.objects.aggregate(count=Count("id"), last=Max("loaded_at"))
        fingerprint = f"{stats['count']}:{stats['last']}"
        cache.set(_FINGERPRINT, fingerprint, 60)
    if fingerprint not in _built:
        holidays: dict[date, str] = {}
        makeup: dict[date, str] = {}
        for day, kind, name in SpecialDay.objects.values_list("day", "kind", "name"):
            (holidays if kind == SpecialDay.HOLIDAY else makeup)[day] = name
        years = CalendarYear.objects.values_list("year", flat=True)
        _built.clear()
        _built[fingerprint] = WorkCalendar.from_days(holidays, makeup, years)
    return _built[fingerprint]


def _changed() -> None:
    cache.delete(_FINGERPRINT)


@transaction.atomic
def load_year(
    year: int,
    notice: str,
    holidays: Iterable[tuple[date, str]],
    makeup: Iterable[tuple[date, str]],
    *,
    actor: Any = None,
    source: str = "notice",
    replace: bool = False,
) -> CalendarYear:
    holidays, makeup = list(holidays), list(makeup)
    for day, _ in (*holidays, *makeup):
        if day.year != year:
            raise NoticeError(f"{day.isoformat()}不在{year}年内")
    for day, _ in makeup:
        if day.weekday() < 5:
            raise NoticeError(f"{day.isoformat()}是工作日（周一至周五），不需要调休上班")
    clash = {d for d, _ in holidays} & {d for d, _ in makeup}
    if clash:
        raise NoticeError(f"{min(clash).isoformat()}不能既放假又上班")
    existing = CalendarYear.objects.filter(year=year).first()
    if existing and not replace:
        raise NoticeError(f"{year}年的节假日安排已载入（{existing.notice}）；如需更正请选择“替换”")
    if existing:
        existing.delete()
    loaded = CalendarYear.objects.create(year=year, notice=notice, source=source, loaded_by=actor)
    SpecialDay.objects.bulk_create(
        [SpecialDay(year=loaded, day=d, kind=SpecialDay.HOLIDAY, name=n) for d, n in holidays]
        + [SpecialDay(year=loaded, day=d, kind=SpecialDay.WORKDAY, name=n) for d, n in makeup]
    )
    _changed()  # now for this request, and again once committed for every other process
    transaction.on_commit(_changed)
    return loaded
