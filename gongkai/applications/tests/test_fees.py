from __future__ import annotations

import pytest

from gongkai.applications.fees import per_piece, per_volume, piece_rate


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_per_volume(pages: int, amount: int) -> None:
    assert per_volume(pages).amount == amount


def test_per_volume_example_of_the_measures() -> None:
    fee = per_volume(250)
    assert fee.explanation == "按量计收：共250页，70页×10元＋100页×20元＋50页×40元，合计4700元"


@pytest.mark.parametrize(
    ("number", "rate"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (61, 500),
    ],
)
def test_piece_rates(number: int, rate: int) -> None:
    assert piece_rate(number) == rate


def test_per_piece_counts_the_month_cumulatively() -> None:
    assert per_piece(0, 10).amount == 0
    assert per_piece(9, 3).amount == 200  # the 10th free, the 11th and 12th at 100
    assert per_piece(29, 2).amount == 300  # 30th at 100, 31st at 200
    with pytest.raises(ValueError):
        per_piece(-1, 1)
