"""applications.cells, the one definition of which Table 三 cells a case counts in: what it says
row by row, that counting cases one by one and counting their events agree, that the template
balances by construction, and that the query's narrowing (`may_count_in`) loses no case."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications import cells
from gongkai.applications.workflow import OUTCOMES
from gongkai.reports.tables import APPLICANT_COLUMNS, t3_key

YEARS = (2024, 2025, 2026)
# Dates crowd the year boundaries, where a case changes year.
_edges = st.sampled_from(
    [date(y, m, d) for y in (2023, 2024, 2025, 2026) for m, d in ((1, 1), (12, 31))]
)
_days = st.one_of(
    _edges, st.dates(date(2023, 6, 1), date(2026, 12, 31)), _edges.map(lambda d: d - timedelta(1))
)


@st.composite
def a_case(draw: st.DrawFn, with_outcome: bool = False) -> cells.Case:
    received = draw(_days)
    concluded = draw(
        st.one_of(st.none(), st.integers(0, 400).map(lambda n: received + timedelta(n)))
    )
    outcomes = [o.key for o in OUTCOMES]
    outcome = draw(st.sampled_from(outcomes if with_outcome else ["", *outcomes]))
    return cells.Case(
        received_on=received,
        kind=draw(st.sampled_from(APPLICANT_COLUMNS)),
        concluded_on=concluded,
        outcome=outcome if concluded else "",
        met_deadline=draw(st.none() | st.booleans()) if concluded else None,
    )


def test_a_case_received_in_one_year_and_answered_in_the_next() -> None:
    case = cells.Case(date(2025, 12, 30), "commercial", date(2026, 1, 5), "granted", False)
    assert cells.counted_in(case, 2025) == {
        t3_key(row, column) for row in ("new", "carried_out") for column in ("commercial", "total")
    }
    assert cells.counted_in(case, 2026) == {
        t3_key(row, column)
        for row in ("carried_in", "granted", "handled_total")
        for column in ("commercial", "total")
    }
    assert cells.counted_in(case, 2024) == cells.counted_in(case, 2027) == frozenset()
    assert cells.events(case) == (
        cells.Event("received", 2025, "commercial"),
        cells.Event("concluded", 2026, "commercial", "granted", late=True),
    )


def test_an_open_case_is_carried_every_year_after_it_came_in() -> None:
    case = cells.Case(date(2024, 5, 6), "research")
    assert {k for k in cells.counted_in(case, 2026) if k.endswith(".total")} == {
        "applications.carried_in.total",
        "applications.carried_out.total",
    }


@settings(max_examples=300, deadline=None)
@given(case=a_case(), year=st.sampled_from(YEARS))
def test_each_row_is_what_the_template_says(case: cells.Case, year: int) -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    concluded = case.concluded_on
    expected = {
        "new": start <= case.received_on <= end,
        "carried_in": case.received_on < start and (concluded is None or concluded >= start),
        "handled_total": concluded is not None and concluded.year == year and bool(case.outcome),
        "carried_out": case.received_on <= end and (concluded is None or concluded > end),
    }
    if case.outcome and concluded is not None and concluded.year == year:
        expected[case.outcome] = True
    rows = {key.split(".", 1)[1].rsplit(".", 1)[0] for key in cells.counted_in(case, year)}
    assert rows == {row for row, counted in expected.items() if counted}


@settings(max_examples=150, deadline=None)
@given(cases=st.lists(a_case(), max_size=30), year=st.sampled_from(YEARS))
def test_counting_cases_one_by_one_is_counting_their_events(
    cases: list[cells.Case], year: int
) -> None:
    one_by_one = Counter(key for case in cases for key in cells.counted_in(case, year))
    table = cells.table_three_of(cases, year)
    assert {k: n for k, n in table.items() if n} == dict(one_by_one)
    for case in cases:
        if cells.counted_in(case, year):
            assert cells.may_count_in(case, year)


@settings(max_examples=150, deadline=None)
@given(cases=st.lists(a_case(with_outcome=True), max_size=30), year=st.sampled_from(YEARS))
def test_the_table_balances_by_construction(cases: list[cells.Case], year: int) -> None:
    table = cells.table_three_of(cases, year)
    for column in (*APPLICANT_COLUMNS, "total"):
        assert (
            table[t3_key("new", column)] + table[t3_key("carried_in", column)]
            == table[t3_key("handled_total", column)] + table[t3_key("carried_out", column)]
        )
    assert table[t3_key("handled_total", "total")] == sum(
        table[t3_key(o.key, "total")] for o in OUTCOMES
    )
