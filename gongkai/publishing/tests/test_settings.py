"""The agency's publishing settings, columns and register edits, each in the audit log."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import RegisterEvent
from gongkai.orgs.models import Role
from gongkai.orgs.services import add_member
from gongkai.publishing import services
from gongkai.publishing.models import (
    Column,
    NormativeDocument,
    Publication,
    PublishingSettings,
)


@pytest.fixture
def head(office) -> Client:
    add_member(office.reviewer2, office.agency, Role.HEAD)
    client = Client()
    client.force_login(office.reviewer2)
    return client


def test_index_rule_and_review_levels(office, head: Client, search_index) -> None:
    url = reverse("office:publishing_settings")
    bad = head.post(url, {"settings": "1", "review_levels": "1", "agency_code": "GX",
                          "index_rule": "{agency}-{year}"})  # fmt: skip
    assert "必须包含序号" in bad.content.decode()
    ok = head.post(url, {"settings": "1", "review_levels": "2", "agency_code": "41030",
                         "index_rule": "{agency}/{year}-{seq:04d}"})  # fmt: skip
    assert ok.status_code == 302
    found = PublishingSettings.objects.get(agency=office.agency)
    assert (found.review_levels, found.index_rule) == (2, "{agency}/{year}-{seq:04d}")
    event = RegisterEvent.objects.get(what="发布设置")
    assert event.before["review_levels"] == 1 and event.after["review_levels"] == 2
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    item = Publication.objects.create(
        agency=office.agency, column=column, title="t", publisher="p",
        written_on=date(2026, 1, 5), status="approved",
    )  # fmt: skip
    services.act(office.reviewer2, item, "publish", item.version)
    assert Publication.objects.get(pk=item.pk).index_number.startswith("41030/")


@pytest.mark.time_machine(datetime(2026, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_an_item_published_just_after_new_year_is_numbered_in_the_new_year(office) -> None:
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    item = Publication.objects.create(
        agency=office.agency, column=column, title="新年致辞", publisher="p",
        written_on=date(2025, 12, 31), status="approved",
    )  # fmt: skip
    services.act(office.editor, item, "publish", item.version)
    assert Publication.objects.get(pk=item.pk).index_number == "GX-23-2026-00001"


def test_columns_added_and_checked(office, head: Client) -> None:
    url = reverse("office:publishing_settings")
    data = {"name": "专题专栏", "slug": "ztzl", "column_class": "news", "order": "50"}
    assert head.post(url, data).status_code == 302
    column = Column.objects.get(agency=office.agency, slug="ztzl")
    assert column.section == "own" and column.column_class == "news"
    again = head.post(url, data)
    assert "已有这个代码的栏目" in again.content.decode()
    statutory = Column.objects.get(agency=office.agency, slug="fdzdgk")
    head.post(url, {**data, "slug": "xczx", "name": "乡村振兴", "parent": statutory.pk})
    assert Column.objects.get(agency=office.agency, slug="xczx").section == "statutory"
    editor = Client()
    editor.force_login(office.editor)
    assert editor.get(url).status_code == 403


def test_repeal_recorded_in_the_register(office) -> None:
    client = Client()
    client.force_login(office.editor)
    document = NormativeDocument.objects.create(
        agency=office.agency, kind="normative_documents", title="办法", doc_number="1号",
        issued_on=date(2019, 1, 1),
    )  # fmt: skip
    response = client.post(
        reverse("office:normative_edit", args=[document.pk]),
        {"agency": office.agency.pk, "kind": "normative_documents", "title": "办法",
         "doc_number": "1号", "issued_on": "2019-01-01", "ended_on": "2021-03-01",
         "end_kind": "repealed"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("office:normative") + "?year=2021")
    assert page.context["counts"]["normative_documents"].repealed == 1
    event = RegisterEvent.objects.get(what="规范性文件登记")
    assert event.before["ended_on"] is None and event.after["ended_on"] == "2021-03-01"
    assert event.actor == office.editor


def test_reindex_command_rebuilds_the_index(office, search_index, capsys) -> None:
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    Publication.objects.create(
        agency=office.agency, column=column, title="召开营商环境座谈会", publisher="p",
        written_on=date(2026, 1, 5), status="published",
        published_at=datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        body_text="营商环境",
    )  # fmt: skip
    from gongkai.search import services as search

    assert search.engine().count() == 0  # created without the services: not indexed yet
    call_command("reindex")
    assert "已索引 1 条" in capsys.readouterr().out
    assert search.engine().count() == 1


def test_settings_and_column_edits_record_old_new_and_who(office, head: Client) -> None:
    settings_url = reverse("office:publishing_settings")
    head.post(settings_url, {"settings": "1", "review_levels": "2", "agency_code": "41030",
                             "index_rule": "{agency}-{seq:05d}"})  # fmt: skip
    settings_event = RegisterEvent.objects.get(what="发布设置")
    assert settings_event.actor == office.reviewer2
    assert (settings_event.before["agency_code"], settings_event.after["agency_code"]) == (
        "GX",
        "41030",
    )

    column = Column.objects.get(agency=office.agency, slug="gzdt")
    statutory = Column.objects.get(agency=office.agency, slug="fdzdgk")
    data = {"name": "机关动态", "slug": "gzdt", "parent": statutory.pk,
            "column_class": column.column_class, "category": column.category,
            "update_days": column.update_days or "", "order": column.order}  # fmt: skip
    response = head.post(reverse("office:column_edit", args=[column.pk]), data)
    assert response.status_code == 302
    event = RegisterEvent.objects.get(what="栏目")
    assert event.actor == office.reviewer2 and event.agency == office.agency
    assert (event.before["name"], event.after["name"]) == ("工作动态", "机关动态")
    assert (event.before["parent"], event.after["parent"]) == (None, statutory.pk)
    assert (event.before["section"], event.after["section"]) == ("own", "statutory")
