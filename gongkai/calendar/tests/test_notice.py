"""Reading the State Council's notices as published (2010–2026, notices/INDEX.md says where each
came from): every day they name is the chinese-calendar package's, except where a later notice
of its own changed the year."""

from __future__ import annotations

import contextlib
import time
import tracemalloc
from datetime import date
from pathlib import Path

import opencc
import pytest
from chinese_calendar import constants

from gongkai.calendar.notice import parse_lines, parse_notice

NOTICES = Path(__file__).parent / "notices"
YEARS = sorted(int(p.stem) for p in NOTICES.glob("*.txt"))
# Separate notices changed these years after the yearly one (INDEX.md): the 70th anniversary
# day (2015), the longer 劳动节 (2019), the extended 春节 of 2020.
LATER_NOTICES = {
    2015: ({date(2015, 9, 3), date(2015, 9, 4)}, {date(2015, 9, 6)}),
    2019: ({date(2019, 5, 2), date(2019, 5, 3)}, {date(2019, 4, 28), date(2019, 5, 5)}),
    2020: ({date(2020, 1, 31)}, {date(2020, 2, 1)}),
}


def _text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def _package(year: int) -> tuple[set[date], set[date]]:
    rest = {d for d in constants.holidays if d.year == year and d.weekday() < 5}
    work = {d for d in constants.workdays if d.year == year}
    return rest, work


def _named(year: int) -> tuple[set[date], set[date]]:
    """The year's weekday days off and make-up days as the notices name them: its own notice,
    and the next year's reaching back into its December."""
    notice = parse_notice(_text(year))
    rest = {d for d, _ in notice.holidays if d.weekday() < 5}
    work = {d for d, _ in notice.makeup}
    if year + 1 in YEARS:
        following = parse_notice(_text(year + 1))
        rest |= {d for d in following.outside_holidays if d.weekday() < 5}
        work |= set(following.outside_makeup)
    return rest, work


def test_the_collection_spans_the_wordings() -> None:
    assert len(YEARS) >= 15 and {2010, 2017, 2019, 2023, 2025, 2026} <= set(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_a_published_notice_gives_the_packages_days(year: int) -> None:
    rest, work = _named(year)
    package_rest, package_work = _package(year)
    later_rest, later_work = LATER_NOTICES.get(year, (set(), set()))
    assert rest ^ package_rest == later_rest
    assert work ^ package_work == later_work


@pytest.mark.parametrize("year", YEARS)
def test_the_title_and_number_become_the_basis(year: int) -> None:
    notice = parse_notice(_text(year))
    assert notice.year == year
    assert notice.title.startswith(f"国务院办公厅关于{year}年部分节假日安排的通知")


def test_days_of_another_year_are_reported_not_loaded() -> None:
    notice = parse_notice(_text(2019))  # 元旦：2018年12月30日至2019年1月1日 …
    assert notice.outside == [date(2018, 12, 29), date(2018, 12, 30), date(2018, 12, 31)]
    assert all(d.year == 2019 for d, _ in notice.holidays + notice.makeup)
    assert (date(2019, 1, 1), "元旦") in notice.holidays


@pytest.mark.parametrize(
    "variant",
    [
        "half-width",  # as many web pages and chat messages carry it
        "traditional",  # big5 gateway copies of gov.cn
        "one-line",  # the items run together without line breaks
        "crlf",
    ],
)
def test_the_same_notice_in_other_clothes(variant: str) -> None:
    text = _text(2026)
    if variant == "half-width":
        text = text.translate(str.maketrans("：，（）；", ":,();"))
    elif variant == "traditional":
        text = opencc.OpenCC("s2t").convert(text)
    elif variant == "one-line":
        text = text.replace("\n", "")
    else:
        text = text.replace("\n", "\r\n")
    expected = parse_notice(_text(2026))
    got = parse_notice(text)
    assert (got.year, got.holidays, got.makeup) == (
        expected.year,
        expected.holidays,
        expected.makeup,
    )


def test_the_year_may_come_from_the_form_when_the_title_is_not_pasted() -> None:
    items = _text(2026).split("经国务院批准", 1)[1]
    assert parse_notice(items, 2026).holidays == parse_notice(_text(2026)).holidays
    with pytest.raises(ValueError, match="无法确定通知的年度"):
        parse_notice(items)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "没有找到"),
        ("国务院办公厅关于2027年部分节假日安排的通知\n请大家注意休息。", "没有找到"),
        ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：另行通知。", "没有读到放假日期"),
        ("关于2027年部分节假日安排的通知\n一、元旦：2月30日放假。", "日期2月30日无效"),
        ("关于2027年部分节假日安排的通知\n一、春节：2月1日至3月20日放假。", "范围"),
        (
            "关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。二、春节：1月1日上班。",
            "既放假又上班",
        ),
        ("\x00\xff\ufffd" * 1000, "无法确定通知的年度"),
    ],
)
def test_what_cannot_be_read_is_said_in_chinese(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_notice(text, None if "年度" in message else 2027)


@pytest.mark.parametrize(
    "text",
    [
        _text(2026) + "无关内容" * 200_000,  # a whole web page pasted
        "关于2027年部分节假日安排的通知\n" + ("一、元旦：" + "1月1日、" * 900 + "放假。\n") * 2,
        "关于2027年部分节假日安排的通知\n一、元旦：" + "（" * 5000 + "1月1日放假" + "）" * 5000,
        "关于2027年部分节假日安排的通知\n" + "一、" * 6000,
    ],
    ids=["long", "many-dates", "nested-brackets", "items"],
)
def test_hostile_pastes_are_answered_in_bounded_time_and_memory(text: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    with contextlib.suppress(ValueError):
        parse_notice(text, 2027)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2 and peak < 50 * 2**20


def test_lines_typed_by_hand() -> None:
    assert parse_lines("2027-01-01 至 2027-01-03 元旦\n\n2027-2-8 春节", ranges=True) == [
        (date(2027, 1, 1), "元旦"),
        (date(2027, 1, 2), "元旦"),
        (date(2027, 1, 3), "元旦"),
        (date(2027, 2, 8), "春节"),
    ]
    with pytest.raises(ValueError, match="第1行"):
        parse_lines("下周一放假", ranges=True)
    with pytest.raises(ValueError, match="逐日"):
        parse_lines("2027-02-06 至 2027-02-07", ranges=False)
