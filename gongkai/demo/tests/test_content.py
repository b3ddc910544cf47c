"""The demo's platform content, as data: every column the 61号 list requires is filled for every
agency, every 规范性文件 and 规章 has its 解读, nothing is written more than 20 working days before
it is published, every text fills in on any day, and no text holds what the self-check flags
(personal data, the demo's own 错敏词)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.demo import content, sitecheck
from gongkai.demo.loading import ENTRIES
from gongkai.publishing import platform
from gongkai.publishing.lateness import LATE_AFTER_WORKDAYS


def _leaves(specs: tuple[platform.ColumnSpec, ...]) -> list[str]:
    return [
        slug
        for spec in specs
        for slug in (_leaves(spec.children) if spec.children else [spec.slug])
    ]


# The guide is generated from the agency's data; the annual report comes from demo.reports.
REQUIRED = set(_leaves(platform.DEFAULT_COLUMNS)) - {"zn", "nb"}
PUBLIC_NEWS = {"yw", "tzgg"}  # the 党政办's come from demo.publishing's recent items


@pytest.mark.parametrize("kind", sorted(ENTRIES))
def test_every_required_column_is_filled_and_every_policy_explained(kind: str) -> None:
    entries = ENTRIES[kind]
    filled = {e.slug for e in entries}
    missing = REQUIRED - filled - (PUBLIC_NEWS if kind == content.OFFICE else set())
    assert not missing, missing
    keys = {e.key for e in entries if e.key}
    explained = {e.interprets for e in entries if e.interprets}
    assert explained == keys  # every 规章 and 规范性文件 has its 解读, and only those
    assert {e.key for e in entries if e.slug in ("gz", "gfxwj")} == keys
    assert all(e.slug == "zcjd" for e in entries if e.interprets)
    assert all(e.register for e in entries if e.slug == "gfxwj")
    assert all(0 <= e.lead <= LATE_AFTER_WORKDAYS for e in entries)
    assert all((e.back > 0) != (e.on is not None) for e in entries)  # dated one way


@pytest.mark.parametrize("day", [date(2026, 1, 2), date(2027, 2, 10), date(2031, 12, 31)])
def test_every_text_fills_in_and_holds_nothing_the_self_check_flags(day: date) -> None:
    terms = [term for term, _ in sitecheck.TERMS]
    for kind, entries in ENTRIES.items():
        agency = content.AGENCIES[kind]
        for entry in entries:
            texts = [entry.title, entry.doc_number, *entry.body]
            filled = "".join(content.fill(text, agency, day) for text in texts)
            assert "{" not in filled and "}" not in filled
            assert not re.search(r"\d{11}", filled), filled  # what pii looks for
            assert not [term for term in terms if term in filled]


def test_periods_are_those_before_the_day_of_publication() -> None:
    agency = content.AGENCIES[content.ZONE]
    text = "{pm_year}年{pm}月；{q_year}年第{q}季度；{prev}年"
    assert content.fill(text, agency, date(2027, 1, 8)) == "2026年12月；2026年第四季度；2026年"
    assert content.fill(text, agency, date(2027, 5, 20)) == "2027年4月；2027年第一季度；2026年"


def test_entries_are_dated_on_working_days_before_the_day_of_loading() -> None:
    from gongkai.calendar.workdays import WorkCalendar
    from gongkai.demo.platform import published_on, written_before

    # The 2027 Spring Festival as a notice might set it: 5–12 February off, Sunday 14 worked.
    holidays = {date(2027, 2, d): "春节" for d in range(5, 13)}
    calendar = WorkCalendar.from_days(holidays, {date(2027, 2, 14): "春节"}, [2025, 2026, 2027])
    today = date(2027, 2, 10)
    assert published_on(content.Entry("yw", "", (), back=1), today, calendar) == date(2027, 2, 4)
    assert published_on(content.Entry("yw", "", (), back=3), today, calendar) == date(2027, 2, 2)
    # (3, 22) of last year; 21 March 2026 is a Saturday: the Friday before.
    budget = content.Entry("czyjs", "", (), on=(3, 22))
    assert published_on(budget, today, calendar) == date(2026, 3, 20)
    assert published_on(content.Entry("ghxx", "", (), on=(2, 10)), today, calendar) == date(
        2026, 2, 10
    )  # never today itself
    assert written_before(calendar, date(2027, 2, 14), 2) == date(2027, 2, 3)
