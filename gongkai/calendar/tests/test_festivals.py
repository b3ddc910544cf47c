"""The statutory days from the lunar calendar library, against an astronomical computation made
without it (festivals-reference.csv) and against the State Council's arrangements 2008–2026."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from chinese_calendar import constants

from gongkai.calendar import festivals

REFERENCE = Path(__file__).parent / "festivals-reference.csv"


def _reference() -> list[dict[str, str]]:
    lines = [
        line
        for line in REFERENCE.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    return list(csv.DictReader(lines))


@pytest.mark.parametrize("row", _reference(), ids=lambda row: row["year"])
def test_every_festival_day_matches_the_astronomical_reference(row: dict[str, str]) -> None:
    year = int(row["year"])
    by_name = {f.name: f.days for f in festivals.statutory(year)}
    eve = date.fromisoformat(row["除夕"])
    assert by_name[festivals.SPRING_FESTIVAL] == tuple(eve + timedelta(days=n) for n in range(4))
    assert date.fromisoformat(row["春节"]) == eve + timedelta(days=1)
    assert by_name[festivals.TOMB_SWEEPING] == (date.fromisoformat(row["清明"]),)
    assert by_name[festivals.DRAGON_BOAT] == (date.fromisoformat(row["端午"]),)
    assert by_name[festivals.MID_AUTUMN] == (date.fromisoformat(row["中秋"]),)
    assert by_name[festivals.NEW_YEAR] == (date(year, 1, 1),)
    assert by_name[festivals.LABOUR_DAY] == (date(year, 5, 1), date(year, 5, 2))
    assert by_name[festivals.NATIONAL_DAY] == tuple(date(year, 10, d) for d in (1, 2, 3))


PACKAGE_NAMES = {
    festivals.SPRING_FESTIVAL: "Spring Festival",
    festivals.TOMB_SWEEPING: "Tomb-sweeping Day",
    festivals.DRAGON_BOAT: "Dragon Boat Festival",
    festivals.MID_AUTUMN: "Mid-autumn Festival",
}
# Where a festival day is not in its holiday in the package, and why (the holidays since 2008):
EXPLAINED = {
    (
        2014,
        festivals.SPRING_FESTIVAL,
    ): "除夕 was not a statutory day (2014–2024 春节 began on 初一)",
    (2024, festivals.SPRING_FESTIVAL): "idem",
    (2012, festivals.DRAGON_BOAT): "06-23, a Saturday, is missing from the package's data",
    (2020, festivals.MID_AUTUMN): "中秋 on 1 October, labelled National Day",
}


@pytest.mark.parametrize("year", range(2008, 2027))
def test_each_festival_falls_in_the_holiday_named_for_it(year: int) -> None:
    for festival in festivals.statutory(year):
        if festival.name not in PACKAGE_NAMES or (year, festival.name) in EXPLAINED:
            continue
        day = festival.days[0] if festival.name != festivals.SPRING_FESTIVAL else festival.days[1]
        days = festival.days if year >= 2025 else (day,)  # 除夕 is statutory again from 2025
        for one in days:
            name = constants.holidays.get(one)
            assert name is not None and PACKAGE_NAMES[festival.name] in str(name), (
                year,
                festival.name,
                one,
            )
