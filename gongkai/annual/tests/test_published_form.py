"""The published report looks like the statutory form (issue 17): the body stored on its item —
after the editor's sanitiser — has the three tables with every merged cell of the 2021 form
(reports/tests/form.py, written out by hand), the six parts in order and no second title; the
item's page shows the title once, as its h1; the attached PDF draws the same merges; and a
report published again (reopened, finalised, submitted) gets the same without any hand editing,
whatever its earlier item's body looked like."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from gongkai.annual import services, workflow
from gongkai.applications import services as cases
from gongkai.applications.tests import factories
from gongkai.core.workflow import SystemActor
from gongkai.orgs.models import Role
from gongkai.publishing import html as editor_html
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Publication
from gongkai.reports.tests import form

SYSTEM = SystemActor("测试数据")
TODAY = date(2026, 3, 31)
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]


@pytest.fixture
def office() -> dict[str, Any]:
    agency = factories.agency("高新区党政办公室")
    for number in range(3):
        case = factories.case(agency, date(2025, 3, 3 + number), on=TODAY)
        cases.decide(case, SYSTEM, on=date(2025, 3, 20), outcome="granted", today_=TODAY)
    return {
        "agency": agency,
        "editor": factories.staff(agency, Role.EDITOR),
        "head": factories.staff(agency, Role.HEAD),
        "reviewer": factories.staff(agency, Role.REVIEWER),
    }


def _publish(report: Any, office: dict[str, Any]) -> Publication:
    """Checked, finalised, submitted, approved and published: the services a user's buttons call."""
    report = services.check_report(report, office["editor"], report.version)
    report = services.finalise(report, office["head"], report.version)
    report = services.submit_for_publishing(report, office["editor"], report.version)
    item = report.publication
    item = publishing.act(office["reviewer"], item, "approve", item.version, note="同意公开")
    item = publishing.act(office["editor"], item, "publish", item.version)
    report.refresh_from_db()
    assert report.status == workflow.PUBLISHED and report.publication == item
    return item


def _assert_drawn_as_the_form(body: str) -> None:
    drawn = form.report_tables(body)
    assert [form.html_rows(table) for table in drawn] == [rows for rows, _ in form.TABLES]
    t = form.TITLES
    assert form.headings(body) == [
        *[("h2", t[0]), ("h2", t[1]), ("table", ""), ("h2", t[2]), ("table", "")],
        *[("h2", t[3]), ("table", ""), ("h2", t[4]), ("h2", t[5])],
    ]
    assert body.startswith(f"<h2>{t[0]}</h2>")  # not the title again
    assert editor_html.clean(body) == body  # stored as the sanitiser leaves it


def test_the_published_item_shows_the_forms_tables_under_one_title(office: dict[str, Any]) -> None:
    report = services.start(office["agency"], 2025, office["editor"])
    item = _publish(report, office)
    item.refresh_from_db()
    _assert_drawn_as_the_form(item.body)
    page = Client().get(reverse("portal:item", args=[item.pk])).content.decode()
    tree = lxml_html.document_fromstring(page)
    assert [h.text_content().strip() for h in tree.iter("h1")] == [str(report)]
    body = tree.find_class("body")[0]
    assert body[0].tag == "h2" and body[0].text_content() == form.TITLES[0]
    assert (body.text or "").strip() == ""  # nothing (no title) before the first part
    assert len([t for t in body.iter("table") if t.get("class") == "report"]) == 3
    assert "gongkai/report.css" in page


@pytest.mark.slow
def test_the_attached_pdf_draws_the_same_merged_cells(office: dict[str, Any]) -> None:
    report = services.start(office["agency"], 2025, office["editor"])
    item = _publish(report, office)
    attachment = item.attachments.get()
    with attachment.file.open("rb") as handle:
        read = form.pdf_form(handle.read())
    assert form.blocks(form.shape(read["two"])) == form.blocks(form.grid(form.TABLE_TWO))
    assert read["three_heads"]
    assert all(found == form.grid(form.TABLE_THREE_HEAD) for found in read["three_heads"])
    labels = [row[-8][0] for row in form.TABLE_THREE_BODY]
    assert [form.row_label(row) for row in read["three_rows"]] == labels
    assert form.shape(read["four"]) == form.grid(form.TABLE_FOUR_HEAD + form.TABLE_FOUR_BODY)


def test_a_report_published_again_gets_the_form_without_hand_editing(
    office: dict[str, Any],
) -> None:
    """An item published before the form was drawn keeps the body it was published with (a
    page's title as text, then unbordered tables); the report reopened and published again gets
    a new item drawn as the form, nobody editing its HTML."""
    report = services.start(office["agency"], 2025, office["editor"])
    earlier = _publish(report, office)
    old_body = editor_html.clean(
        f"<html><head><title>{report}</title></head><body><h1>{report}</h1>"
        f"<h2>{form.TITLES[0]}</h2><table><tr><th>规章</th><td>0</td></tr></table></body></html>"
    )
    Publication.objects.filter(pk=earlier.pk).update(body=old_body)
    report.refresh_from_db()
    report = services.reopen(report, office["head"], report.version, "按法定格式重新发布")
    again = _publish(report, office)
    assert again.pk != earlier.pk
    _assert_drawn_as_the_form(again.body)
    assert again.attachments.get().kind == "pdf"
    earlier.refresh_from_db()
    assert earlier.body == old_body  # left as it was published
    # ... but no longer listed: the 年报 column shows the year's report once.
    assert earlier.status == "withdrawn"
    assert "更正版本已发布" in earlier.events.get(action="withdraw").note
    listed = Publication.objects.visible().filter(column_id=again.column_id, title=again.title)
    assert list(listed) == [again]
