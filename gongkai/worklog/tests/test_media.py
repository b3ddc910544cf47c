"""A new-media year, from its months or from one whole-year row (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.worklog import media
from gongkai.worklog.media import WHOLE_YEAR, Period, Year


def test_months_add_up_and_followers_are_the_last_months() -> None:
    months = [Period(m, posts=100 + m, issues=20, followers=1000 * m) for m in (3, 1, 2)]
    assert media.year_of(months) == Year(posts=306, issues=60, followers=3000, months=3)


def test_a_whole_year_row_is_the_year() -> None:
    assert media.year_of([Period(WHOLE_YEAR, 1223, 270)]) == Year(1223, 270, None, 0)
    assert media.year_of([]) is None


def test_issues_and_followers_left_blank_stay_unknown() -> None:
    year = media.year_of([Period(1, 5), Period(2, 7, followers=90), Period(3, 1)])
    assert year == Year(posts=13, issues=None, followers=90, months=3)


@pytest.mark.parametrize(
    ("held", "month", "refused"),
    [
        ([], WHOLE_YEAR, False),
        ([1, 2], 3, False),
        ([1, 2], 2, False),  # the same month again: an edit
        ([1, 2], WHOLE_YEAR, True),
        ([WHOLE_YEAR], 5, True),
        ([WHOLE_YEAR], WHOLE_YEAR, False),
    ],
)
def test_a_year_is_told_by_months_or_as_a_whole(held: list[int], month: int, refused: bool) -> None:
    assert (media.mixing(held, month) is not None) is refused


def test_an_account_runs_from_its_opening_until_its_closing() -> None:
    assert media.open_on(None, None, date(2026, 1, 1))
    assert not media.open_on(date(2026, 2, 1), None, date(2026, 1, 31))
    assert media.open_on(date(2026, 2, 1), date(2026, 3, 1), date(2026, 2, 28))
    assert not media.open_on(date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 1))
