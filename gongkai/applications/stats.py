"""Counting cases the way the annual report and the monthly page count them.

Table 三 by year: received in the year (一), received before and not concluded before it (二),
concluded in it by outcome (三), received by its end and not concluded within it (四). Keys are
report-json.md's, so the annual report built from records uses the same numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from gongkai.applications.models import ApplicationQuerySet
from gongkai.calendar.workdays import CalendarNotCovered, WorkCalendar
from gongkai.reports.tables import APPLICANT_COLUMNS, TEMPLATE_2021, t3_key


def table_three(cases: ApplicationQuerySet, year: int) -> dict[str, int]:
    cells: dict[str, int] = {}

    def put(row: str, counts: Counter[str]) -> None:
        for col in APPLICANT_COLUMNS:
            cells[t3_key(row, col)] = counts.get(col, 0)
        cells[t3_key(row, "total")] = sum(counts.values())

    def by_kind(queryset: ApplicationQuerySet) -> Counter[str]:
        return Counter(
            dict(queryset.values_list("applicant__kind").annotate(n=Count("id")).order_by())
        )

    put("new", by_kind(cases.received_in(year)))
    put("carried_in", sum(map(by_kind, cases.carried_into_parts(year)), Counter()))
    concluded = cases.concluded_in(year).exclude(outcome="")
    per_outcome: dict[str, Counter[str]] = {}
    for outcome, kind, n in (
        concluded.values_list("outcome", "applicant__kind").annotate(n=Count("id")).order_by()
    ):
        per_outcome.setdefault(outcome, Counter())[kind] = n
    for row in TEMPLATE_2021.outcome_rows:
        put(row.key, per_outcome.get(row.key, Counter()))
    put("handled_total", sum(per_outcome.values(), Counter()))
    put("carried_out", sum(map(by_kind, cases.carried_out_parts(year)), Counter()))
    return cells


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
