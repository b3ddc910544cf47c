"""Which Table 三 cells a case counts in: the one statement of it.

A case is two events (`events`): it is received, in the calendar year of `received_on`, under
its applicant's kind; and, once concluded, it is concluded in the year of `concluded_on`, with
its outcome (a Table 三 row key, workflow.OUTCOMES), late when the reply missed its deadline.
Table 三 of a year counts the events up to the year's end (`rows`):

- 一、本年新收 (`new`): received in the year;
- 三、本年度办理结果: concluded in the year, in its outcome's row and in （七）总计
  (`handled_total`); a case concluded without an outcome is in neither, but no longer carried;
- 二、上年结转 (`carried_in`): received before the year, less concluded before it — the cases
  received before the year and not concluded before it (a case is never concluded before it
  was received: a check constraint on the table);
- 四、结转下年度 (`carried_out`): received by the year's end, less concluded by it.

The column is the applicant's kind; 总计 is the sum of the six applicant columns (a kind outside
them counts nowhere). So new + carried_in = handled_total + carried_out by construction, for
every column, whenever every concluded case has an outcome.

Everything that counts cases derives from this: the tallies the database keeps (annual.tallies)
sum `events` in SQL triggers, and a property test holds them equal to `events`
(annual/tests/test_tally_property.py); `tallies.table_three` and `stats.table_three` give their
events to `table_three`; the cases behind a cell (annual.collect.sources, the queryset's
carried_into/carried_out_of) are chosen by `counted_in`. Pure: no Django.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final, NamedTuple

from gongkai.reports.tables import APPLICANT_COLUMNS, TEMPLATE_2021, t3_key

RECEIVED: Final = "received"
CONCLUDED: Final = "concluded"
NEW, CARRIED_IN, HANDLED_TOTAL, CARRIED_OUT = "new", "carried_in", "handled_total", "carried_out"
# Table 三's rows in the template's order, with the outcome rows between 二 and （七）.
ROWS: Final = (NEW, CARRIED_IN, *(r.key for r in TEMPLATE_2021.outcome_rows), HANDLED_TOTAL,
               CARRIED_OUT)  # fmt: skip


@dataclass(frozen=True)
class Case:
    """What Table 三 reads of a case."""

    received_on: date
    kind: str  # the applicant's kind: a Table 三 column
    concluded_on: date | None = None
    outcome: str = ""  # a Table 三 row key; "" when concluded without one, or not concluded
    met_deadline: bool | None = None  # False: replied after the deadline (late)


class Event(NamedTuple):
    """One thing that happened to a case and that a year's report counts: what the database's
    tallies keep, one row per (year, event, outcome, kind, late). A tuple: a report reads a few
    thousand of them from the tallies."""

    event: str  # RECEIVED or CONCLUDED
    year: int
    kind: str
    outcome: str = ""  # CONCLUDED only
    late: bool = False  # CONCLUDED only: met_deadline is False


def events(case: Case) -> tuple[Event, ...]:
    received = Event(RECEIVED, case.received_on.year, case.kind)
    if case.concluded_on is None:
        return (received,)
    concluded = Event(
        CONCLUDED, case.concluded_on.year, case.kind, case.outcome, case.met_deadline is False
    )
    return (received, concluded)


def rows(counted: Iterable[tuple[Event, int]], year: int) -> dict[str, Counter[str]]:
    """Table 三 of `year` from events and how many of each: row → applicant kind → count. Only
    the rows the events touch are present (an outcome row under its key, whatever it is)."""
    summed: dict[tuple[str, str], int] = defaultdict(int)  # (row, kind) → count
    for event, n in counted:
        if event.year > year:
            continue
        this_year, kind = event.year == year, event.kind
        if event.event == RECEIVED:
            summed[NEW if this_year else CARRIED_IN, kind] += n
            summed[CARRIED_OUT, kind] += n
            continue
        if this_year and event.outcome:
            summed[event.outcome, kind] += n
            summed[HANDLED_TOTAL, kind] += n
        if not this_year:
            summed[CARRIED_IN, kind] -= n
        summed[CARRIED_OUT, kind] -= n
    found: dict[str, Counter[str]] = {}
    for (row, kind), n in summed.items():
        found.setdefault(row, Counter())[kind] = n
    return found


def table_three(counted: Iterable[tuple[Event, int]], year: int) -> dict[str, int]:
    """Every Table 三 cell of the 2021 template (`applications.<row>.<column>`) from events."""
    by_row = rows(counted, year)
    out: dict[str, int] = {}
    for row in ROWS:
        counts = by_row.get(row, Counter())
        for column in APPLICANT_COLUMNS:
            out[t3_key(row, column)] = counts.get(column, 0)
        out[t3_key(row, "total")] = sum(counts.get(column, 0) for column in APPLICANT_COLUMNS)
    return out


def table_three_of(cases: Iterable[Case], year: int) -> dict[str, int]:
    """Table 三 of `year` from cases."""
    return table_three(Counter(e for case in cases for e in events(case)).items(), year)


def counted_in(case: Case, year: int) -> frozenset[str]:
    """The cells of `year`'s Table 三 the case counts in (its kind's column and 总计)."""
    if case.kind not in APPLICANT_COLUMNS:
        return frozenset()
    counted = rows(((e, 1) for e in events(case)), year)
    return frozenset(
        t3_key(row, column)
        for row, counts in counted.items()
        if counts[case.kind]
        for column in (case.kind, "total")
    )


def may_count_in(case: Case, year: int) -> bool:
    """Received by the year's end and not concluded before it began: a case outside this counts
    in no cell of the year (received later, or received and concluded before it, which cancel).
    The query's narrowing (ApplicationQuerySet.in_table_three_of) before `counted_in` decides."""
    return case.received_on <= date(year, 12, 31) and (
        case.concluded_on is None or case.concluded_on >= date(year, 1, 1)
    )
