"""Layout repair: a short row is read only when its arithmetic leaves one possible reading."""

from __future__ import annotations

import pytest

from gongkai.reports.parse.repair import fit_row

ROW = ((6, (0, 1, 2, 3, 4, 5)),)


def test_complete_rows_pass_through() -> None:
    assert fit_row([1, 2, 3, 4, 5, 6, 21], 7, ROW).values == (1, 2, 3, 4, 5, 6, 21)


def test_dropped_zero_column_is_recovered_from_the_row_total() -> None:
    assert fit_row([0, 0, 0, 0, 0, 0], 7, ROW).values == (0,) * 7


def test_column_bounds_decide_where_the_number_belongs() -> None:
    """[1 0 0 0 0 1]: the 1 is 自然人 or 商业企业; 商业企业's column total of 0 rules it out."""
    assert fit_row([1, 0, 0, 0, 0, 1], 7, ROW).values is None
    fitted = fit_row([1, 0, 0, 0, 0, 1], 7, ROW, bounds=[38, 0, 0, 0, 0, 0, 38])
    assert fitted.values == (1, 0, 0, 0, 0, 0, 1)


@pytest.mark.parametrize(
    ("given", "bounds", "reason"),
    [
        ([5, 3, 8], (), "缺少 4 个"),
        ([5, 0, 0, 0, 0, 6], [9, 0, 0, 0, 0, 0, 9], "都与本行合计或各列总计不符"),
        ([2, 1, 0, 0, 0, 3], [9, 9, 9, 9, 9, 9, 9], "不同的列"),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9], (), "多出"),
    ],
)
def test_ambiguous_or_contradictory_rows_stay_unread(
    given: list[int], bounds: list[int], reason: str
) -> None:
    fitted = fit_row(given, 7, ROW, bounds)
    assert fitted.values is None
    assert reason in fitted.reason


def test_an_extra_subtotal_column_is_dropped_when_only_one_drop_balances() -> None:
    # 法人或其他组织小计 (8) inserted after 自然人 by a third-party tool
    fitted = fit_row([30, 8, 5, 0, 0, 3, 0, 38], 7, ROW)
    assert fitted.values == (30, 5, 0, 0, 3, 0, 38)


def test_a_blank_cell_never_becomes_a_number() -> None:
    assert fit_row([None, 0, 0, 0, 0, 0], 7, ROW).values is None


def test_table_four_group_identities() -> None:
    groups = tuple((g * 5 + 4, tuple(range(g * 5, g * 5 + 4))) for g in range(3))
    # one zero of the all-zero last group dropped: any other placement unbalances a group
    given = [0, 2, 0, 0, 2, 8, 4, 2, 0, 14, 0, 0, 0, 0]
    assert fit_row(given, 15, groups).values == (0, 2, 0, 0, 2, 8, 4, 2, 0, 14, 0, 0, 0, 0, 0)
    # "2 0 0 2" could be 维持2 尚未审结2 总计4 or 维持2 总计2 with a zero dropped: not proven
    assert fit_row([0, 2, 0, 0, 2, 8, 4, 2, 0, 14, 2, 0, 0, 2], 15, groups).values is None
