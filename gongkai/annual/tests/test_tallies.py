"""The database keeps the report's tallies equal to a count of the records, whatever way the
records are written: services, bulk inserts, queryset updates, deletes, an applicant's change of
kind, an item moved across midnight on 31 December (local time)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.annual import tallies
from gongkai.applications.models import Applicant, Application
from gongkai.applications.tests import factories
from gongkai.applications.workflow import OUTCOMES
from gongkai.core.workflow import SystemActor
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, Publication

SYSTEM = SystemActor("测试数据")  # records decided by the platform, as a register import

pytestmark = pytest.mark.django_db
YEARS = (2024, 2025, 2026)


def _agree(agency_id: int) -> None:
    for year in YEARS:
        assert tallies.differences(agency_id, year) == {}, year


def _local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def test_every_way_of_writing_keeps_the_tallies_equal_to_a_count() -> None:
    rng = random.Random(7)
    agency = factories.agency()
    other = factories.agency()
    publishing.ensure_platform(agency)
    publishing.ensure_platform(other)
    columns = list(Column.objects.filter(agency=agency))
    # Bulk inserts, as an import or the benchmark writes them.
    applicants = Applicant.objects.bulk_create(
        Applicant(
            kind=rng.choice(["natural_person", "commercial", "research"]),
            name=f"申请人{n}",
            id_type="passport",
            id_number=f"P{n:08d}",
            phone="13800000000",
        )
        for n in range(60)
    )
    cases = []
    for n, applicant in enumerate(applicants):
        received = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
        concluded = received + timedelta(days=rng.randrange(1, 40))
        open_case = rng.random() < 0.3
        cases.append(
            Application(
                agency=agency if n % 6 else other,
                tracking_code=f"T{n:06d}",
                check_code_hash="-",
                applicant=applicant,
                channel="online",
                received_on=received,
                description="申请公开某文件",
                status="registered" if open_case else "closed",
                outcome="" if open_case else rng.choice(OUTCOMES).key,
                concluded_on=None if open_case else concluded,
                met_deadline=None if open_case else rng.random() < 0.8,
            )
        )
    Application.objects.bulk_create(cases)
    Publication.objects.bulk_create(
        Publication(
            agency=agency,
            column=rng.choice(columns),
            title=f"信息{n}",
            publisher="测试局",
            written_on=date(2024, 1, 1),
            published_at=_local(date(2024, 1, 1) + timedelta(days=rng.randrange(1000)), 9),
            publish_workdays=rng.choice([0, 3, 20, 21, None]),
            status="published",
        )
        for n in range(80)
    )
    _agree(agency.pk)
    _agree(other.pk)

    # Saves through the services: a case received, then decided.
    case = factories.case(agency, date(2025, 12, 30), on=date(2026, 1, 2))
    _agree(agency.pk)
    from gongkai.applications import services

    services.decide(case, SYSTEM, on=date(2026, 1, 5), outcome="granted", today_=date(2026, 1, 5))
    _agree(agency.pk)

    # Queryset updates and deletes touch many rows at once.
    Application.objects.filter(agency=agency, outcome="granted").update(
        outcome="partly_granted", met_deadline=False
    )
    Application.objects.filter(agency=agency, concluded_on__year=2025).update(
        concluded_on=None, outcome="", status="registered"
    )
    Applicant.objects.filter(application__agency=agency).update(kind="legal_services")
    Publication.objects.filter(agency=agency, publish_workdays=21).update(publish_workdays=2)
    Publication.objects.filter(agency=agency, column=columns[0]).update(column=columns[1])
    Publication.objects.filter(agency=agency, title__endswith="7").delete()
    _agree(agency.pk)
    _agree(other.pk)

    # An item moved across local midnight at the year's end, and unpublished (no date).
    item = Publication.objects.filter(agency=agency).first()
    assert item is not None
    for moment in (_local(date(2025, 12, 31), 23), _local(date(2026, 1, 1), 0), None):
        item.published_at = moment
        item.save()
        _agree(agency.pk)
    assert tallies.publications(agency.pk, 2025)[0] != tallies.publications(agency.pk, 2026)[0]

    # A case and its applicant deleted.
    gone = Application.objects.filter(agency=agency).exclude(concluded_on=None).first()
    assert gone is not None
    applicant = gone.applicant
    gone.delete()
    applicant.delete()
    _agree(agency.pk)
    assert tallies.table_three(other.pk, 2026) != tallies.table_three(agency.pk, 2026)


def test_a_rebuild_recounts_what_the_triggers_kept() -> None:
    agency = factories.agency()
    factories.case(agency, date(2025, 3, 3))
    before = tallies.table_three(agency.pk, 2025)
    tallies.rebuild()
    assert tallies.table_three(agency.pk, 2025) == before
    assert before["applications.new.total"] == 1


def test_a_case_cannot_be_concluded_before_it_was_received() -> None:
    agency = factories.agency()
    case = factories.case(agency, date(2025, 3, 3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=case.pk).update(concluded_on=date(2025, 3, 2))


@pytest.mark.django_db
def test_every_trigger_is_there_after_the_migrations() -> None:
    """A migration that makes SQLite rebuild a tallied table drops its triggers unless it sets
    them aside and puts them back (tallies.set_aside_on_sqlite): then no count ever moves."""
    import re

    from django.db import connection

    from gongkai.annual.tallies import _trigger_sql

    made = re.compile(r"CREATE (?:OR REPLACE )?TRIGGER (\w+)")
    expected = {m.group(1) for sql in _trigger_sql() if (m := made.search(sql))}
    assert len(expected) >= 3
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {row[0] for row in cursor.fetchall()}
    assert expected <= present, expected - present
