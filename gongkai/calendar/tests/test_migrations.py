"""Upgrading an installation: the package's years copied into the database go (the package is
read directly), a year a head loaded becomes version 1, and open cases whose due dates were a
Monday–Friday estimate are counted with the prediction, each change on the case's timeline."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("workcalendar", "0002_seed_from_package"),
    ("applications", "0003_concluded_after_received"),
]
AFTER = [("workcalendar", "0003_notice_versions"), ("applications", "0004_due_predicted")]


@pytest.mark.django_db(transaction=True)
def test_an_installation_is_upgraded_without_losing_a_load_or_a_date() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    year_model = old.get_model("workcalendar", "CalendarYear")
    day_model = old.get_model("workcalendar", "SpecialDay")
    assert year_model.objects.filter(source="package").count() == 23  # 2004–2026
    loaded = year_model.objects.create(year=2027, notice="某县负责人载入的通知", source="notice")
    day_model.objects.create(year=loaded, day=date(2027, 1, 1), kind="holiday", name="元旦")
    agency = old.get_model("orgs", "Agency").objects.create(name="某局", path="000001/")
    applicant = old.get_model("applications", "Applicant").objects.create(
        kind="natural_person", name="张三", id_type="passport", id_number="P1"
    )
    application_model = old.get_model("applications", "Application")
    common = {"agency": agency, "applicant": applicant, "channel": "online", "check_code_hash": "x"}
    # Received 2028-12-15: the old code gave the Monday–Friday estimate, 元旦 2029 counted.
    estimated = application_model.objects.create(
        tracking_code="GK2028-AAAAAA",
        received_on=date(2028, 12, 15),
        due_date=date(2029, 1, 12),
        due_estimated=True,
        description="甲",
        **common,
    )
    old.get_model("applications", "CaseEvent").objects.create(
        application=estimated, kind="received", on=date(2028, 12, 15)
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    versions = new.get_model("workcalendar", "NoticeVersion").objects.all()
    assert [(v.year, v.version, v.notice) for v in versions] == [(2027, 1, "某县负责人载入的通知")]
    case = new.get_model("applications", "Application").objects.get(pk=estimated.pk)
    assert case.due_predicted and not case.due_estimated
    assert case.due_date == date(2029, 1, 15)  # 1 January 2029 (Monday) is not a working day
    event = new.get_model("applications", "CaseEvent").objects.get(
        application=case, kind="recalculated"
    )
    assert event.before["due_date"] == "2029-01-12" and event.after["due_date"] == "2029-01-15"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest for the next tests
