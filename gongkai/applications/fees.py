"""信息处理费 (国办函〔2020〕109号): two progressive bases, one per application, never both.

按件: pieces counted per applicant per natural month, cumulatively — pieces 1–10 free, 11–30 at
100 元, then bands of ten each 100 元 dearer (31–40 at 200, 41–50 at 300, …).
按量: pages of one application — 1–30 free, 31–100 at 10 元, 101–200 at 20 元, 201 and up at 40 元.
"""

from __future__ import annotations

from dataclasses import dataclass

FREE_PIECES = 10
FREE_PAGES = 30
_PAGE_BANDS = ((30, 0), (100, 10), (200, 20))  # (last page of band, 元 per page); then 40
_TOP_PAGE_RATE = 40


@dataclass(frozen=True)
class Fee:
    amount: int  # 元
    explanation: str


def piece_rate(number: int) -> int:
    """The price in 元 of the `number`-th piece of an applicant's month (1-based)."""
    if number <= FREE_PIECES:
        return 0
    if number <= 30:
        return 100
    return 100 * ((number - 21) // 10 + 1)


def per_piece(earlier_this_month: int, pieces: int) -> Fee:
    """Fee for `pieces` new pieces from an applicant who already had `earlier_this_month`."""
    if earlier_this_month < 0 or pieces < 1:
        raise ValueError("件数必须为正整数，本月已申请件数不能为负数")
    numbers = range(earlier_this_month + 1, earlier_this_month + pieces + 1)
    amount = sum(piece_rate(n) for n in numbers)
    return Fee(amount, f"按件计收：本月第{numbers[0]}至{numbers[-1]}件，合计{amount}元")


def per_volume(pages: int) -> Fee:
    if pages < 1:
        raise ValueError("页数必须为正整数")
    amount, lower, parts = 0, 0, []
    for upper, rate in (*_PAGE_BANDS, (pages, _TOP_PAGE_RATE)):
        count = max(0, min(pages, upper) - lower)
        if count and rate:
            amount += count * rate
            parts.append(f"{count}页×{rate}元")
        lower = max(lower, upper)
        if pages <= upper:
            break
    shown = "＋".join(parts) if parts else "30页以内免费"
    return Fee(amount, f"按量计收：共{pages}页，{shown}，合计{amount}元")
