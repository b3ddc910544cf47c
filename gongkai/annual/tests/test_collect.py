"""The annual report built from records: the demo reproduces the seed, renderings read back, and
the tables follow the records one count at a time."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gongkai import cli
from gongkai.annual import collect
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.tests import factories
from gongkai.core.findings import Severity
from gongkai.core.workflow import SystemActor
from gongkai.demo import loading as demo
from gongkai.orgs.models import Agency
from gongkai.publishing.models import Publication
from gongkai.reports.checks import check_document, run_checks
from gongkai.reports.tests.conftest import GOLDEN

SYSTEM = SystemActor("测试数据")  # records decided by the platform, as a register import

pytestmark = pytest.mark.django_db
# The demo dates its recent items and open cases back from today; items published today count
# their lateness from today.
TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

SEED_CELLS = json.loads((GOLDEN / "seed-luoyang-gaoxin-2021.txt.expected.json").read_text("utf-8"))[
    "cells"
]


@pytest.mark.slow
@pytest.mark.time_machine(TUESDAY)
def test_the_demo_office_report_equals_the_seed_and_reads_back_from_docx_and_pdf(
    search_index: Any, tmp_path: Any, capsys: Any
) -> None:
    demo.load()
    office = Agency.objects.get(slug="luoyang-gaoxin")
    report = collect.build(office, 2021)
    assert report.to_json()["cells"] == SEED_CELLS
    assert run_checks(report) == []
    overview = report.sections["overview"]
    assert (
        "主动公开各类信息2912条，其中规范性文件1条、区情要闻1284条、工作动态481条、其他信息1146条"
        in overview
    )
    assert "共收到政府信息公开申请38件" in overview
    assert report.narrative["lawsuits"].value == 16
    # The command line, as an auditor would use it: JSON to stdout; DOCX and PDF read back.
    assert cli.main(["report", "export", "--agency", "luoyang-gaoxin", "--year", "2021"]) == 0
    assert json.loads(capsys.readouterr().out)["cells"] == SEED_CELLS
    for fmt in ("docx", "pdf", "md", "html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        code = cli.main(
            [
                "report",
                "export",
                "--agency",
                "luoyang-gaoxin",
                "--year",
                "2021",
                "--format",
                fmt,
                "-o",
                str(out),
            ]
        )
        assert code == 0 and out.stat().st_size > 0
        if fmt in ("docx", "pdf"):
            read, findings = check_document(out.read_bytes(), out.name)
            assert read.to_json()["cells"] == SEED_CELLS, fmt
            assert not [f for f in findings if f.severity is Severity.ERROR], fmt
    assert cli.main(["report", "export", "--agency", "nowhere", "--year", "2021"]) == 2
    assert "没有机关代码为 nowhere 的机关" in capsys.readouterr().err


def _decided(agency: Agency, received: str, decided: str, outcome: str) -> Application:
    today = date(2026, 3, 31)
    case = factories.case(agency, date.fromisoformat(received), on=today)
    return services.decide(
        case, SYSTEM, on=date.fromisoformat(decided), outcome=outcome, today_=today
    )


def test_changing_one_outcome_moves_one_count_and_the_report_still_balances() -> None:
    agency = factories.agency()
    for number in range(3):
        _decided(agency, f"2025-03-0{number + 3}", "2025-03-20", "granted")
    case = _decided(agency, "2025-04-01", "2025-04-15", "unavailable.not_held")
    before = collect.build(agency, 2025)
    Application.objects.filter(pk=case.pk).update(outcome="withheld.third_party")
    after = collect.build(agency, 2025)
    moved = {
        key: after.cells[key] - before.cells[key]  # type: ignore[operator]
        for key in before.cells
        if before.cells[key] != after.cells[key]
    }
    assert moved == {
        "applications.unavailable.not_held.natural_person": -1,
        "applications.unavailable.not_held.total": -1,
        "applications.withheld.third_party.natural_person": 1,
        "applications.withheld.third_party.total": 1,
    }
    assert run_checks(after) == []  # the tables balance and the prose follows the records
    assert "不予公开1件" in after.sections["overview"]
    sources = collect.sources(agency, 2025, "applications.withheld.third_party.total")
    assert [c.pk for c in sources] == [case.pk]


def test_a_case_answered_on_4_january_counts_in_the_new_year_and_carries_over() -> None:
    agency = factories.agency()
    _decided(agency, "2025-12-22", "2026-01-04", "granted")
    old, new = collect.build(agency, 2025), collect.build(agency, 2026)
    assert (old.cells["applications.new.total"], old.cells["applications.carried_out.total"]) == (
        1,
        1,
    )
    assert old.cells["applications.handled_total.total"] == 0
    assert (
        new.cells["applications.carried_in.total"],
        new.cells["applications.granted.total"],
    ) == (1, 1)
    assert run_checks(old) == [] and run_checks(new) == []
    assert "结转下年度继续办理1件" in old.sections["overview"]


def test_a_figure_never_entered_is_blank_not_zero() -> None:
    agency = factories.agency()
    report = collect.build(agency, 2025)
    assert report.cells["proactive.licensing.decisions"] is None
    assert report.cells["proactive.fees.amount"] is None
    assert report.cells["proactive.normative_documents.in_force"] == 0  # a register: counted
    codes = {f.code for f in run_checks(report)}
    assert "TEXT_TABLE_MISMATCH" not in codes


@pytest.mark.time_machine(TUESDAY)
def test_an_item_published_late_is_counted_where_the_office_and_the_report_look(office) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Column

    column = Column.objects.get(agency=office.agency, slug="tzgg")
    today = timezone.localdate()
    for title, written in (("按时发布的通知", today), ("迟发的通知", date(today.year - 1, 1, 5))):
        item = publishing.save_draft(
            office.editor,
            publishing.Draft(column=column, title=title, publisher="党政办", written_on=written),
        )
        item = publishing.act(office.editor, item, "submit", item.version)
        item = publishing.act(office.reviewer, item, "approve", item.version, note="同意")
        publishing.act(office.editor, item, "publish", item.version)
    late = Publication.objects.get(title="迟发的通知")
    assert late.publish_workdays is not None and late.publish_workdays > 200
    assert Publication.objects.get(title="按时发布的通知").publish_workdays == 0
    client = Client()
    client.force_login(office.editor)
    page = client.get(reverse("office:timeliness")).content.decode()
    assert "迟发的通知" in page and "按时发布的通知" not in page
    report = collect.build(office.agency, today.year)
    assert "有1条信息未在形成或者变更之日起20个工作日内公开" in report.sections["problems"]
