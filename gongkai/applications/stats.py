"""Counting cases the way the annual report and the monthly page count them.

Table 三 by year as applications.cells defines it: received in the year (一), received before
and not concluded before it (二), concluded in it by outcome (三), received by its end and not
concluded within it (四). Keys are report-json.md's, so the annual report built from records uses
the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from gongkai.applications import cells
from gongkai.applications.models import ApplicationQuerySet
from gongkai.calendar.workdays import CalendarNotCovered, WorkCalendar


def table_three(cases: ApplicationQuerySet, year: int) -> dict[str, int]:
    """Table 三 counted from the records, by applications.cells (the one definition of which
    cells a case counts in), over the cases that can count in the year."""
    facts = (case for _, case in cases.in_table_three_of(year).table_three_facts())
    return cells.table_three_of(facts, year)


@dataclass(frozen=True)
class Month:
    received: int
    by_channel: dict[str, int]
    by_kind: dict[str, int]
    concluded: int
    by_outcome: dict[str, int]
    average_workdays: float | None  # from the period's start to the reply, in working days
    on_time: int
    late: int


def monthly(cases: ApplicationQuerySet, year: int, month: int, calendar: WorkCalendar) -> Month:
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    received = cases.filter(received_on__gte=start, received_on__lt=end)
    concluded = cases.filter(concluded_on__gte=start, concluded_on__lt=end).exclude(outcome="")
    durations = []
    for begin, finish in concluded.values_list("period_start", "concluded_on"):
        if begin is None or finish is None:
            continue
        try:
            durations.append(calendar.workdays_between(begin, finish))
        except CalendarNotCovered:
            continue
    served = concluded.exclude(met_deadline__isnull=True)
    return Month(
        received=received.count(),
        by_channel=_counts(received, "channel"),
        by_kind=_counts(received, "applicant__kind"),
        concluded=concluded.count(),
        by_outcome=_counts(concluded, "outcome"),
        average_workdays=round(sum(durations) / len(durations), 1) if durations else None,
        on_time=served.filter(met_deadline=True).count(),
        late=served.filter(met_deadline=False).count(),
    )


def _counts(cases: ApplicationQuerySet, field: str) -> dict[str, int]:
    return dict(cases.values_list(field).annotate(n=Count("id")).order_by())
