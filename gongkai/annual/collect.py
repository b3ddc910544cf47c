"""The annual report of an agency for a year, computed from its records.

Table 二 from the normative-document register and the Article 20 figures; Table 三 from the
cases (applications.stats); Table 四 from the disputes register; the prose drafted from the same
counts (reports.drafts). Built this way the tables balance by construction, and `sources` lists
the records behind any cell.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from gongkai.annual import drafts, tallies
from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.workflow import Action
from gongkai.disputes import rules as dispute_rules
from gongkai.disputes.models import Dispute
from gongkai.orgs.models import Agency
from gongkai.publishing import normative, platform
from gongkai.publishing.models import (
    Column,
    FigureItem,
    InterpretationForm,
    NormativeDocument,
    ProactiveFigure,
    Publication,
    PublicationQuerySet,
    Review,
)
from gongkai.publishing.platform import NEWS
from gongkai.reports.tables import Cell, ReportData
from gongkai.worklog import access as worklog
from gongkai.worklog import media
from gongkai.worklog.kinds import ActivityKind, Level, Platform, VenueKind, WebsiteEventKind

OTHER_ITEMS = "其他信息"


def build(agency: Agency, year: int) -> ReportData:
    """The tables and a first draft of the prose, its linked figures filled in."""
    cells = tables(agency, year)
    facts = _facts(agency, year, cells)
    figures = facts.figures()
    return ReportData(
        template="2021",
        agency=agency.name,
        year=year,
        sections={key: drafts.fill(text, figures) for key, text in draft(facts).items()},
        cells=cells,
    ).with_narrative()


def tables(agency: Agency, year: int) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    cells.update(table_two(agency, year))
    cells.update(tallies.table_three(agency.pk, year))
    disputes = Dispute.objects.filter(agency=agency, filed_on__year=year)
    fields = ("kind", "filed_on", "decided_on", "result")
    records = (dispute_rules.Record(*row) for row in disputes.values_list(*fields))
    cells.update(dispute_rules.table_four(records, year))
    return cells


def figures(agency: Agency, year: int, cells: dict[str, Cell]) -> dict[str, int]:
    """Every figure the prose can link to (`{{key}}`), as the records give it now."""
    return _facts(agency, year, cells).figures()


def draft(facts: drafts.Facts) -> dict[str, str]:
    """The prose with its numbers as linked figures (reports.drafts)."""
    return {
        "overview": drafts.overview(facts),
        "problems": drafts.problems(facts),
        "other": drafts.other(facts),
    }


def drafted(agency: Agency, year: int) -> dict[str, str]:
    return draft(_facts(agency, year, tables(agency, year)))


def table_two(agency: Agency, year: int) -> dict[str, Cell]:
    """Blank, not zero, where a figure was never entered: the report shows what is unknown."""
    documents = NormativeDocument.objects.filter(agency=agency, issued_on__lte=date(year, 12, 31))
    spans = [normative.Span(kind, issued, ended) for kind, issued, ended in
             documents.values_list("kind", "issued_on", "ended_on")]  # fmt: skip
    cells: dict[str, Cell] = {}
    for kind, counted in normative.counts(spans, year).items():
        cells[f"proactive.{kind}.issued"] = counted.issued
        cells[f"proactive.{kind}.repealed"] = counted.repealed
        cells[f"proactive.{kind}.in_force"] = counted.in_force
    figures = dict(
        ProactiveFigure.objects.filter(agency=agency, year=year).values_list("item", "value")
    )
    for item in (FigureItem.LICENSING, FigureItem.PUNISHMENT, FigureItem.ENFORCEMENT):
        value = figures.get(item.value)
        cells[f"proactive.{item.value}.decisions"] = None if value is None else int(value)
    fees = figures.get(FigureItem.FEES.value)
    cells["proactive.fees.amount"] = (
        None if fees is None else Decimal(fees).quantize(Decimal("0.0001"))
    )
    return cells


def published_in(agency: Agency | int, year: int) -> PublicationQuerySet:
    """Items the website published in the year, whatever became of them later (withdrawn or
    redrafted: they were published)."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return Publication.objects.filter(agency=agency, published_at__gte=start, published_at__lt=end)


def _facts(agency: Agency, year: int, cells: dict[str, Cell]) -> drafts.Facts:
    per_column, late = tallies.publications(agency.pk, year)
    total = sum(per_column.values())
    columns = list(
        Column.objects.filter(agency=agency).only("name", "slug", "column_class", "order")
    )
    listed = [c for c in columns if c.slug == platform.NORMATIVE_SLUG] + sorted(
        (c for c in columns if c.column_class == NEWS), key=lambda c: (c.order, c.pk)
    )
    parts = [(c.name, per_column[c.pk]) for c in listed if per_column[c.pk]]
    rest = total - sum(n for _, n in parts)
    if parts and rest:
        parts.append((OTHER_ITEMS, rest))
    paid = CaseEvent.objects.filter(
        action=Action.RECORD_PAYMENT.value, on__year=year, application__agency=agency
    ).aggregate(total=Sum("application__fee_amount"))["total"]
    return drafts.Facts(
        agency=agency.name,
        year=year,
        cells=cells,
        published=total,
        published_parts=tuple(parts) if len(parts) > 1 else (),
        accounts=_accounts(agency, year),
        work=_work(agency, year),
        columns=len(columns),
        late_publications=late,
        late_replies=tallies.late_replies(agency.pk, year),
        fees_collected=int(paid or 0),
    )


def _accounts(agency: Agency, year: int) -> tuple[drafts.Account, ...]:
    """The 政务新媒体 accounts with figures for the year, in the register's order."""
    periods: dict[int, list[media.Period]] = {}
    accounts = {}
    for f in worklog.figures_in(agency, year):
        accounts[f.account_id] = f.account
        periods.setdefault(f.account_id, []).append(
            media.Period(f.month, f.posts, f.issues, f.followers)
        )
    out = []
    for pk, account in sorted(accounts.items(), key=lambda a: (a[1].platform, a[1].name, a[0])):
        totals = media.year_of(periods[pk])
        assert totals is not None
        out.append(
            drafts.Account(
                key=f"media.{pk}",
                name=account.name,
                platform=Platform(account.platform).label,
                posts_noun=drafts.posts_noun(account.platform),
                followers_noun=drafts.followers_noun(account.platform),
                issues=totals.issues,
                posts=totals.posts,
                followers=totals.followers,
            )
        )
    return tuple(out)


def _work(agency: Agency, year: int) -> drafts.Work:
    """The year's 政务公开 work from the register, and the 保密审查 records of its items."""
    year_end = date(year, 12, 31)
    standing = [
        v for v in worklog.venues_of(agency) if media.open_on(v.opened_on, v.closed_on, year_end)
    ]

    def venues(kind: VenueKind) -> tuple[int, tuple[str, ...]]:
        found = [v for v in standing if v.kind == kind]
        levels = tuple(lv.label for lv in Level if any(v.level == lv for v in found))
        return len(found), levels

    activities = list(worklog.activities_in(agency, year))

    def held(kind: ActivityKind) -> list[Any]:
        return [a for a in activities if a.kind == kind]

    relaunch = (
        worklog.website_events_in(agency, year)
        .filter(kind=WebsiteEventKind.RELAUNCH)
        .order_by("-happened_on")
        .first()
    )
    items = published_in(agency, year)
    interpretations = Counter(
        items.exclude(interprets=None).values_list("interpretation_form", flat=True)
    )
    labels = dict(InterpretationForm.choices)
    surveyed = dict.fromkeys(a.place for a in held(ActivityKind.SURVEY) if a.place)
    return drafts.Work(
        zones=venues(VenueKind.ZONE),
        demo_sites=venues(VenueKind.DEMO),
        boards=venues(VenueKind.BOARD)[0],
        reading_points=venues(VenueKind.READING)[0],
        trainings=len(held(ActivityKind.TRAINING)),
        trained=sum(a.participants or 0 for a in held(ActivityKind.TRAINING)),
        meetings=len(held(ActivityKind.MEETING)),
        surveys=len(held(ActivityKind.SURVEY)),
        survey_places=tuple(surveyed)[:3],
        relaunched_month=relaunch.happened_on.month if relaunch else None,
        interpretations=tuple(
            (labels.get(form or InterpretationForm.TEXT, labels[InterpretationForm.TEXT]), n)
            for form, n in sorted(interpretations.items())
        ),
        unreviewed=items.exclude(reviews__outcome=Review.APPROVED).count(),
    )


def sources(agency: Agency, year: int, key: str) -> list[Any]:
    """The records behind a cell (the cases, documents or disputes it counts)."""
    parts = key.split(".")
    if parts[0] == "applications":
        return _case_sources(agency, year, parts)
    if parts[0] == "disputes":
        group, result = parts[1], parts[2]
        found = [
            d
            for d in Dispute.objects.filter(agency=agency, filed_on__year=year, kind=group)
            if result == "total"
            or dispute_rules.result_at(d.record(), date(year, 12, 31)) == result
        ]
        return found
    if parts[0] == "proactive" and parts[1] in ("regulations", "normative_documents"):
        kind, column = parts[1], parts[2]
        return [
            d
            for d in NormativeDocument.objects.filter(agency=agency, kind=kind)
            if column in normative.columns(normative.Span(kind, d.issued_on, d.ended_on), year)
        ]
    if parts[0] == "proactive":
        return list(ProactiveFigure.objects.filter(agency=agency, year=year, item=parts[1]))
    return []


def _case_sources(agency: Agency, year: int, parts: list[str]) -> list[Any]:
    """The cases the cell counts (applications.cells decides), in the order they came in."""
    chosen = Application.objects.filter(agency=agency).in_cell(year, ".".join(parts))
    return list(chosen.select_related("applicant").order_by("received_on", "pk"))
