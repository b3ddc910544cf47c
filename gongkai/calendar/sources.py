"""The calendar the platform counts with: each year's arrangement from the most authoritative
source that has it — a State Council notice loaded by staff, else the chinese-calendar package,
else the prediction from the rules (regulations.md §7).

Pure: the loaded notices are passed in (services.current() reads them from the database; the CLI
passes none unless asked to read the database).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from gongkai.calendar import package
from gongkai.calendar.predict import predict
from gongkai.calendar.workdays import Arrangement, Source, WorkCalendar

FIRST_YEAR = 2004  # the first year of the package's data
# 《全国年节及纪念日放假办法》 fourth revision, in force 2025-01-01, and the 调休 principles
# announced with it: the rules the prediction follows hold from this year on.
PREDICTED_FROM = 2025
LAST_YEAR = 2100  # as far as the platform counts (and the lunar calendar is checked)


def arrangement(year: int, loaded: Mapping[int, Arrangement] | None = None) -> Arrangement | None:
    """The arrangement in force for `year`: loaded notice > package > prediction; None outside."""
    if loaded and year in loaded:
        return loaded[year]
    packaged = package.arrangements().get(year)
    if packaged is not None:
        return packaged
    if PREDICTED_FROM <= year <= LAST_YEAR:
        return predict(year)
    return None


def calendar(loaded: Mapping[int, Arrangement] | None = None) -> WorkCalendar:
    if not loaded:
        return standard_calendar()
    return _build(loaded)


@lru_cache(maxsize=1)
def standard_calendar() -> WorkCalendar:
    """The package's years and the prediction after them (no notice loaded)."""
    return _build({})


def _build(loaded: Mapping[int, Arrangement]) -> WorkCalendar:
    years = (
        range(FIRST_YEAR, max(LAST_YEAR, *loaded) + 1)
        if loaded
        else range(FIRST_YEAR, LAST_YEAR + 1)
    )
    found = (arrangement(year, loaded) for year in years)
    return WorkCalendar.from_arrangements(a for a in found if a is not None)


WARN_FROM_MONTH = 10  # from 1 October the next year's deadlines start to count into it


def unannounced(today: date, calendar: WorkCalendar) -> list[int]:
    """The years whose arrangement is only predicted and already matters on `today`: this year,
    and from 1 October next year (the notice usually comes in November)."""
    years = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    return [year for year in years if calendar.sources.get(year) == Source.PREDICTED]
