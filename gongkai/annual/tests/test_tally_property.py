"""The tallies the database's triggers keep are `applications.cells` counted: a property test.

The triggers are SQL (annual.tallies) and cannot call the one Python definition of which Table 三
cells a case counts in, so hypothesis writes random cases — random outcomes (withdrawals, lapses,
replies, none), applicant kinds, dates crowding the year boundaries, late replies — into two
agencies, changes them the ways the platform and its imports do (queryset updates, a model's
save, an applicant's change of kind, deletes, reopening), and holds, after every example:

- the tally rows equal `cells.events` of the cases as they now stand, summed;
- every year's Table 三 from the tallies (`tallies.table_three`), from the records
  (`applications.stats.table_three`) and from the definition (`cells.table_three_of`) agree;
- the cases behind a cell (`collect.sources`) are as many as the cell says.

It runs on SQLite in the normal pass and on PostgreSQL in the DATABASE_URL pass. Each example
runs in a transaction that is rolled back, triggers and tallies included.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual import collect, tallies
from gongkai.annual.models import CaseTally
from gongkai.applications import cells, stats
from gongkai.applications.models import Applicant, Application
from gongkai.applications.tests import factories
from gongkai.applications.workflow import OUTCOMES
from gongkai.orgs.models import Agency
from gongkai.reports.tables import APPLICANT_COLUMNS, t3_key

pytestmark = pytest.mark.django_db
EXAMPLES = 60
YEARS = (2024, 2025, 2026, 2027)
OUTCOME_KEYS = [o.key for o in OUTCOMES]
WITHDRAWN = "other.other"  # 申请人撤回申请 (workflow.OUTCOME_OF_ACTION)
_codes = itertools.count()

_edges = st.sampled_from(
    [date(y, 12, 31) - timedelta(d) for y in (2023, 2024, 2025, 2026) for d in (0, 1)]
    + [date(y, 1, 1) + timedelta(d) for y in (2024, 2025, 2026, 2027) for d in (0, 1)]
)
_days = st.one_of(_edges, st.dates(date(2023, 10, 1), date(2027, 3, 31)))
_after = st.one_of(st.integers(0, 3), st.integers(0, 500))  # days from received to concluded


@dataclass(frozen=True)
class Planned:
    agency: int  # 0 or 1
    case: cells.Case


@st.composite
def planned(draw: st.DrawFn) -> Planned:
    received = draw(_days)
    concluded = draw(st.none() | _after.map(lambda n: received + timedelta(n)))
    outcome = draw(st.sampled_from(["", WITHDRAWN, *OUTCOME_KEYS])) if concluded else ""
    case = cells.Case(
        received_on=received,
        kind=draw(st.sampled_from(APPLICANT_COLUMNS)),
        concluded_on=concluded,
        outcome=outcome,
        met_deadline=draw(st.none() | st.booleans()) if concluded else None,
    )
    return Planned(draw(st.integers(0, 1)), case)


# A change: (which case, by index modulo the number left; what; a day count; a choice).
changes = st.lists(
    st.tuples(
        st.integers(0, 1000),
        st.sampled_from(["withdraw", "decide", "reopen", "kind", "move", "save", "delete"]),
        _after,
        st.integers(0, 1000),
    ),
    max_size=8,
)


def _store(agency_id: int, case: cells.Case) -> Application:
    n = next(_codes)
    applicant = Applicant.objects.create(
        kind=case.kind,
        name=f"申请人{n}",
        id_type="passport",
        id_number=f"P{n:08d}",
        phone="13800000000",
    )
    return Application.objects.create(
        agency_id=agency_id,
        tracking_code=f"PT{n:08d}",
        check_code_hash="-",
        applicant=applicant,
        channel="letter_signed",
        received_on=case.received_on,
        description="申请公开某文件",
        status="closed" if case.concluded_on else "registered",
        outcome=case.outcome,
        concluded_on=case.concluded_on,
        met_deadline=case.met_deadline,
    )


def _change(pk: int, case: cells.Case, what: str, days: int, choice: int) -> cells.Case | None:
    """Apply one change to the stored case the way the platform would; the case it now is."""
    rows = Application.objects.filter(pk=pk)
    concluded = case.received_on + timedelta(days)
    if what == "withdraw":  # 申请人撤回申请: closed with 其他处理·其他
        rows.update(status="closed", outcome=WITHDRAWN, concluded_on=concluded, met_deadline=True)
        return replace(case, concluded_on=concluded, outcome=WITHDRAWN, met_deadline=True)
    if what == "decide":
        outcome, late = OUTCOME_KEYS[choice % len(OUTCOME_KEYS)], choice % 3 == 0
        rows.update(
            status="decided", outcome=outcome, concluded_on=concluded, met_deadline=not late
        )
        return replace(case, concluded_on=concluded, outcome=outcome, met_deadline=not late)
    if what == "reopen":
        rows.update(status="registered", outcome="", concluded_on=None, met_deadline=None)
        return replace(case, concluded_on=None, outcome="", met_deadline=None)
    if what == "kind":  # the applicant's kind corrected: the applicant's trigger
        kind = APPLICANT_COLUMNS[choice % len(APPLICANT_COLUMNS)]
        Applicant.objects.filter(application__pk=pk).update(kind=kind)
        return replace(case, kind=kind)
    if what == "move":  # the day of receipt corrected, never after the conclusion
        latest = case.concluded_on or date(2027, 3, 31)
        received = max(date(2023, 10, 1), latest - timedelta(days))
        rows.update(received_on=received)
        return replace(case, received_on=received)
    if what == "save":  # a whole model saved (the admin, a service's save())
        stored = rows.get()
        stored.concluded_on = concluded if choice % 2 else None
        stored.outcome = OUTCOME_KEYS[choice % len(OUTCOME_KEYS)] if choice % 2 else ""
        stored.met_deadline = (choice % 4 == 1) if choice % 2 else None
        stored.save()
        return replace(
            case,
            concluded_on=stored.concluded_on,
            outcome=stored.outcome,
            met_deadline=stored.met_deadline,
        )
    applicant = rows.get().applicant
    rows.delete()
    applicant.delete()
    return None


def _tallied(agency_id: int) -> Counter[tuple[object, ...]]:
    rows = CaseTally.objects.filter(agency_id=agency_id).exclude(n=0)
    fields = ("event", "year", "outcome", "kind", "late", "n")
    return Counter({tuple(r[:-1]): r[-1] for r in rows.values_list(*fields)})


def _defined(cases: list[cells.Case]) -> Counter[tuple[object, ...]]:
    return Counter(
        (e.event, e.year, e.outcome, e.kind, e.late) for case in cases for e in cells.events(case)
    )


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=st.lists(planned(), min_size=1, max_size=20), changed=changes)
def test_the_triggers_keep_what_the_one_definition_counts(
    plan: list[Planned], changed: list[tuple[int, str, int, int]]
) -> None:
    with transaction.atomic():
        agencies = [factories.agency().pk, factories.agency().pk]
        stored = {_store(agencies[p.agency], p.case).pk: (p.agency, p.case) for p in plan}
        for index, what, days, choice in changed:
            if not stored:
                break
            pk = sorted(stored)[index % len(stored)]
            where, case = stored[pk]
            now = _change(pk, case, what, days, choice)
            if now is None:
                del stored[pk]
            else:
                stored[pk] = (where, now)

        for n, agency_id in enumerate(agencies):
            cases = [case for where, case in stored.values() if where == n]
            records = Application.objects.filter(agency_id=agency_id)
            assert Counter(c for _, c in records.table_three_facts()) == Counter(cases)
            assert _tallied(agency_id) == _defined(cases)
            for year in YEARS:
                defined = cells.table_three_of(cases, year)
                assert tallies.table_three(agency_id, year) == defined, year
                assert stats.table_three(records, year) == defined, year
                late = sum(
                    1 for c in cases if c.concluded_on and c.concluded_on.year == year
                    and c.met_deadline is False
                )  # fmt: skip
                assert tallies.late_replies(agency_id, year) == late
                for row in ("new", "carried_in", "handled_total", "carried_out", WITHDRAWN):
                    key = t3_key(row, "total")
                    behind = collect.sources(Agency.objects.get(pk=agency_id), year, key)
                    assert len(behind) == defined[key], (year, key)
        transaction.set_rollback(True)
