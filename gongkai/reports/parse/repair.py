"""Reading a table row that has fewer (or more) numbers than the template has columns.

Published tables lose cells: the seed's outcome rows carry 6 numbers for 7 columns because an
all-zero column was dropped when the table was flattened to text. Which column is missing is
unknown, so every placement is tried; the missing number follows from the row's own identity
(总计 = sum of the parts), and only non-negative whole numbers within the column bounds are
kept. The row is repaired when every surviving placement gives the same numbers: then the
arithmetic proves the answer. Otherwise nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

# An identity of a row: value[total] == sum(value[i] for i in parts).
Identity = tuple[int, tuple[int, ...]]

_MAX_MISSING = 2


@dataclass(frozen=True)
class Fit:
    values: tuple[int | None, ...] | None  # the row's numbers in template order, or None
    reason: str  # why the answer is proven, or why it is not
    # The column each given number went to (-1: dropped), when every proven placement agrees.
    columns: tuple[int, ...] | None = None


def fit_row(
    given: Sequence[int | None],
    width: int,
    identities: Sequence[Identity],
    bounds: Sequence[int | None] = (),
) -> Fit:
    """Place `given` (a row's readable numbers, None for a blank) into `width` columns."""
    if len(given) == width:
        return Fit(tuple(given), "", tuple(range(width)))
    if len(given) < width - _MAX_MISSING:
        return Fit(None, f"只有 {len(given)} 个数字，缺少 {width - len(given)} 个，无法推断")
    if len(given) > width + 1:
        return Fit(
            None, f"有 {len(given)} 个数字，多出 {len(given) - width} 个，无法判断哪些是多余的"
        )
    answers: set[tuple[int | None, ...]] = set()
    placements: set[tuple[int, ...]] = set()
    undetermined = False
    for candidate, columns in _placements(given, width):
        solved = _solve(candidate, identities)
        if solved is None or not _within(solved, bounds):
            continue
        if any(v is None for v in solved):
            undetermined = True
            continue
        answers.add(solved)
        placements.add(columns)
    if len(answers) == 1 and not undetermined:
        return Fit(answers.pop(), "", placements.pop() if len(placements) == 1 else None)
    if not answers and not undetermined:
        return Fit(None, "任何一种对齐方式都与本行合计或各列总计不符，无法推断")
    return Fit(None, "数字可以对应到不同的列，算术关系不足以确定是哪一列")


class _Missing:
    """A column the row's numbers did not reach."""


MISSING = _Missing()
Slot = int | None | _Missing


def _placements(
    given: Sequence[int | None], width: int
) -> list[tuple[list[Slot], tuple[int, ...]]]:
    """Every way to line the given numbers up with the columns, keeping their order, with the
    column each given number lands in (-1: dropped).

    A missing column is MISSING; with one number too many, each number in turn is dropped.
    """
    if len(given) > width:
        return [
            ([*given[:i], *given[i + 1 :]], (*range(i), -1, *range(i, width)))
            for i in range(len(given))
        ]
    out: list[tuple[list[Slot], tuple[int, ...]]] = []
    for gaps in combinations(range(width), width - len(given)):
        columns = tuple(i for i in range(width) if i not in gaps)
        values = iter(given)
        out.append(([MISSING if i in gaps else next(values) for i in range(width)], columns))
    return out


def _solve(row: list[Slot], identities: Sequence[Identity]) -> tuple[int | None, ...] | None:
    """Fill the missing cells from the identities; None when a placement breaks one.

    A cell that stays unknown comes back as None, so the caller treats the placement as
    undetermined.
    """
    values = list(row)
    changed = True
    while changed:
        changed = False
        for total, parts in identities:
            cells = [values[i] for i in (total, *parts)]
            if any(v is None for v in cells):
                continue  # a blank cell: this identity cannot decide anything
            unknown = [i for i in (total, *parts) if values[i] is MISSING]
            if not unknown:
                continue
            known = sum(v for i in parts if isinstance(v := values[i], int))
            stated = values[total]
            if unknown == [total]:
                values[total] = known
            elif isinstance(stated, int) and len(unknown) == 1:
                values[unknown[0]] = stated - known
            elif isinstance(stated, int) and stated == known:
                for i in unknown:  # the parts already add up: the rest are zero
                    values[i] = 0
            else:
                continue
            changed = True
    for total, parts in identities:
        numbers = [values[i] for i in (total, *parts)]
        if all(isinstance(v, int) for v in numbers) and numbers[0] != sum(
            v for v in numbers[1:] if isinstance(v, int)
        ):
            return None
    if any(isinstance(v, int) and v < 0 for v in values):
        return None
    return tuple(v if isinstance(v, int) else None for v in values)


def _within(values: tuple[int | None, ...], bounds: Sequence[int | None]) -> bool:
    return all(
        bound is None or value is None or value <= bound
        for value, bound in zip(values, bounds, strict=False)
    )


def split_glued(
    digits: str,
    width: int,
    identities: Sequence[Identity],
    bounds: Sequence[int | None] = (),
) -> Fit:
    """A row whose cells lost their separators (「640020470」 for 64 0 0 2 0 4 70, as some page
    text versions render a table): the one way to cut the digits into `width` whole numbers — no
    leading zero but in 0 itself — that satisfies the row's identities and column bounds.
    More than one way, or none: not read."""
    if not digits.isdigit() or not width <= len(digits) <= width * 6:
        return Fit(None, "数字连在一起，无法拆分到各列")
    solutions: list[tuple[int, ...]] = []
    closing = dict(identities)
    values: list[int] = []

    def cut(position: int) -> None:
        if len(solutions) > 1:
            return
        index = len(values)
        if index == width:
            if position == len(digits):
                solutions.append(tuple(values))
            return
        left = width - index - 1  # numbers still to come after this one
        longest = len(digits) - position - left
        for length in range(1, max(0, longest) + 1):
            piece = digits[position : position + length]
            if len(piece) > 1 and piece[0] == "0":
                break  # 0 stands alone; 07 is no number
            value = int(piece)
            bound = bounds[index] if index < len(bounds) else None
            if bound is not None and value > bound:
                break
            if index in closing and value != sum(values[i] for i in closing[index]):
                continue
            values.append(value)
            cut(position + length)
            values.pop()

    cut(0)
    if len(solutions) == 1:
        return Fit(solutions[0], "", tuple(range(width)))
    if not solutions:
        return Fit(None, f"连在一起的数字“{digits}”无法拆成与合计相符的{width}个数")
    return Fit(None, f"连在一起的数字“{digits}”有不止一种拆法，无法确定")
