"""The calendar the platform counts with, and loading a State Council holiday notice.

Loading is one state change: a new version of the year (nothing replaced or deleted), its days,
one audit row with what was in force before, what is now and the days that changed; then, in the
same transaction, `notice_loaded` lets the apps whose dates hang on the calendar follow it (the
open cases' reply due dates: applications.services.follow_calendar).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max
from django.dispatch import Signal

from gongkai.accounts.actors import actor_or_none
from gongkai.calendar import access, festivals, sources
from gongkai.calendar.models import CalendarEvent, NoticeVersion, SpecialDay
from gongkai.calendar.predict import predict
from gongkai.calendar.workdays import (
    Arrangement,
    DayChange,
    Source,
    WorkCalendar,
    difference,
)

_FINGERPRINT = "workcalendar:fingerprint"
_built: dict[str, WorkCalendar] = {}

# Sent inside the loading transaction, with `notice` (the new NoticeVersion) and `actor`.
notice_loaded = Signal()


class NoticeError(ValueError):
    """A notice that cannot be loaded as given (Chinese message)."""


def current() -> WorkCalendar:
    """The calendar in force, rebuilt in this process only when a notice was loaded.

    The fingerprint lives in the shared cache for a minute, so every process notices a newly
    loaded notice within that time without querying on every request.
    """
    # Inside a transaction the database may hold a load nobody else sees yet (or will ever
    # see, if it rolls back): read it for this transaction, never share it through the cache.
    shared = not connection.in_atomic_block
    fingerprint = cache.get(_FINGERPRINT) if shared else None
    if fingerprint is None:
        stats = NoticeVersion.objects.aggregate(count=Count("id"), last=Max("loaded_at"))
        fingerprint = f"{stats['count']}:{stats['last']}"
        if shared:
            cache.set(_FINGERPRINT, fingerprint, 60)
    if fingerprint not in _built:
        _built.clear()
        _built[fingerprint] = sources.calendar(loaded())
    return _built[fingerprint]


def loaded() -> dict[int, Arrangement]:
    """The latest loaded version of every year that has one."""
    latest: dict[int, NoticeVersion] = {}
    for version in NoticeVersion.objects.all():
        if version.year not in latest or version.version > latest[version.year].version:
            latest[version.year] = version
    return _arrangements(latest.values())


def _arrangements(versions: Iterable[NoticeVersion]) -> dict[int, Arrangement]:
    by_pk = {v.pk: v for v in versions}
    days: dict[int, tuple[dict[date, str], dict[date, str]]] = {pk: ({}, {}) for pk in by_pk}
    rows = SpecialDay.objects.filter(notice_id__in=by_pk).values_list(
        "notice_id", "day", "kind", "name"
    )
    for notice_id, day, kind, name in rows:
        days[notice_id][0 if kind == SpecialDay.HOLIDAY else 1][day] = name
    return {
        v.year: Arrangement(v.year, Source.NOTICE, *days[v.pk], basis=v.notice)
        for v in by_pk.values()
    }


def in_force(year: int) -> Arrangement | None:
    """The arrangement the platform counts `year` with, and (in it) where it comes from."""
    return sources.arrangement(year, loaded())


def latest_version(year: int) -> NoticeVersion | None:
    return NoticeVersion.objects.filter(year=year).order_by("-version").first()


@dataclass(frozen=True)
class Preview:
    """What loading a notice would change, shown before it is saved."""

    new: Arrangement
    old: Arrangement | None  # what is in force now (a notice, the package, or the prediction)
    changes: list[DayChange]
    base_version: int  # the year's latest loaded version when previewed (0: none)
    predicted: Arrangement | None  # the prediction, for comparison, when the rules cover the year
    from_prediction: list[DayChange]
    unlisted: list[tuple[date, str]]  # statutory days the notice leaves as working days


def unlisted_statutory_days(arrangement: Arrangement) -> list[tuple[date, str]]:
    """The 放假办法's days that the arrangement leaves as working days: a notice never does, so a
    paste cut short (or a mistyped date) shows here before it is saved."""
    if not sources.PREDICTED_FROM <= arrangement.year <= sources.LAST_YEAR:
        return []  # earlier years had other statutory days (regulations.md §7)
    return [
        (day, festival.name)
        for festival in festivals.statutory(arrangement.year)
        for day in festival.days
        if day.weekday() < 5 and day not in arrangement.holidays
    ]


def preview(
    year: int, notice: str, holidays: Iterable[tuple[date, str]], makeup: Iterable[tuple[date, str]]
) -> Preview:
    new = _checked(year, notice, list(holidays), list(makeup))
    old = in_force(year)
    latest = latest_version(year)
    predicted = predict(year) if sources.PREDICTED_FROM <= year <= sources.LAST_YEAR else None
    return Preview(
        new,
        old,
        difference(old, new),
        latest.version if latest else 0,
        predicted,
        difference(predicted, new) if predicted else [],
        unlisted_statutory_days(new),
    )


def _checked(
    year: int, notice: str, holidays: list[tuple[date, str]], makeup: list[tuple[date, str]]
) -> Arrangement:
    if not sources.FIRST_YEAR <= year <= sources.LAST_YEAR:
        raise NoticeError(f"年度应在{sources.FIRST_YEAR}至{sources.LAST_YEAR}年之间")
    if not holidays:
        raise NoticeError("没有读到放假日期")
    for day, _ in (*holidays, *makeup):
        if day.year != year:
            raise NoticeError(f"{day.isoformat()}不在{year}年内")
    for day, _ in makeup:
        if day.weekday() < 5:
            raise NoticeError(f"{day.isoformat()}是工作日（周一至周五），不需要调休上班")
    clash = {d for d, _ in holidays} & {d for d, _ in makeup}
    if clash:
        raise NoticeError(f"{min(clash).isoformat()}不能既放假又上班")
    return Arrangement(year, Source.NOTICE, dict(holidays), dict(makeup), notice)


def load_year(
    year: int,
    notice: str,
    holidays: Iterable[tuple[date, str]],
    makeup: Iterable[tuple[date, str]],
    *,
    actor: Any,
    base_version: int | None = None,
    note: str = "",
) -> NoticeVersion:
    """Load a notice as the year's next version. `base_version`: the version the loader saw in
    the preview; if someone has loaded another since, nothing is saved (refresh and compare)."""
    if not access.may_load(actor):
        raise NoticeError(f"节假日安排是全平台共用的数据，只有{access.LOADERS}可以载入")
    holidays, makeup = list(holidays), list(makeup)
    new = _checked(year, notice, holidays, makeup)
    try:
        with transaction.atomic():
            loaded_version = _save(new, actor, base_version, note)
    except IntegrityError as exc:  # two loads of one year at the same moment
        raise NoticeError(f"{year}年的节假日安排刚被他人载入，请刷新页面查看后再载入") from exc
    return loaded_version


def _save(new: Arrangement, actor: Any, base_version: int | None, note: str) -> NoticeVersion:
    latest = (
        NoticeVersion.objects.select_for_update().filter(year=new.year).order_by("-version").first()
    )
    if base_version is not None and (latest.version if latest else 0) != base_version:
        raise NoticeError(f"{new.year}年的节假日安排已被他人更新，请刷新页面查看后再载入")
    old = in_force(new.year)
    version = NoticeVersion.objects.create(
        year=new.year,
        version=(latest.version + 1) if latest else 1,
        notice=new.basis,
        note=note,
        loaded_by=actor_or_none(actor),
    )
    SpecialDay.objects.bulk_create(
        [
            SpecialDay(notice=version, day=d, kind=SpecialDay.HOLIDAY, name=n)
            for d, n in sorted(new.holidays.items())
        ]
        + [
            SpecialDay(notice=version, day=d, kind=SpecialDay.WORKDAY, name=n)
            for d, n in sorted(new.workdays.items())
        ]
    )
    CalendarEvent.objects.create(
        notice=version,
        actor=actor_or_none(actor),
        before=_snapshot(old),
        after=_snapshot(new),
        changes=[
            {"day": c.day.isoformat(), "before": c.before, "after": c.after}
            for c in difference(old, new)
        ],
    )
    transaction.on_commit(_changed)  # every process reads the new calendar once committed
    notice_loaded.send(
        sender=NoticeVersion,
        notice=version,
        actor=actor,
        calendar=sources.calendar({**loaded(), new.year: new}),
    )
    return version


def _snapshot(arrangement: Arrangement | None) -> dict[str, Any]:
    if arrangement is None:
        return {}
    return {
        **arrangement.to_json(),
        "basis": arrangement.basis,
        "names": {
            d.isoformat(): n
            for d, n in sorted({**arrangement.holidays, **arrangement.workdays}.items())
        },
    }


def _changed() -> None:
    cache.delete(_FINGERPRINT)
