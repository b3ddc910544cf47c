"""The platform page as a reader finds it: the guide in brief from the agency's own data, the
latest items of 制度, 法定主动公开内容 and 年报, and, while a column is empty, what it will hold
(on the platform page, the column's page and the annual reports page)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.models import AgencyKind
from gongkai.orgs.services import create_agency
from gongkai.publishing import platform
from gongkai.publishing.models import Column, Publication

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))),
]
SYSTEM_PURPOSE = platform.PURPOSES["zd"]
STATUTORY_PURPOSE = platform.PURPOSES["fdzdgk"]


def _page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_every_column_of_the_61_list_says_what_it_holds() -> None:
    def slugs(specs: tuple[platform.ColumnSpec, ...]) -> list[str]:
        return [s for spec in specs for s in (spec.slug, *slugs(spec.children))]

    assert all(
        platform.PURPOSES[slug].startswith("本栏目") for slug in slugs(platform.DEFAULT_COLUMNS)
    )
    assert "每年3月31日前更新" in platform.purpose("nb", "政府信息公开年报", "3月31日")
    assert platform.purpose("zt", "专题专栏") == "本栏目发布本机关的“专题专栏”信息。"


def test_an_empty_platform_tells_the_reader_what_each_column_will_hold(office: Any) -> None:
    agency = office.agency
    agency.office_name, agency.address, agency.office_hours = "政务公开科", "丰华路6号", "工作日"
    agency.save()
    page = _page(reverse("portal:platform", args=[agency.pk]))
    for shown in ("政务公开科", "丰华路6号", "0379-12345678", "工作日", "查看完整指南"):
        assert shown in page
    assert reverse("portal:guide", args=[agency.pk]) in page
    assert f"{reverse('portal:apply')}?agency={agency.pk}" in page
    assert f"暂无信息。{SYSTEM_PURPOSE}" in page and STATUTORY_PURPOSE in page
    # A department's report is due on 31 January, a government's on 31 March (条例第四十九条).
    assert "上一年度政府信息公开工作年度报告，每年1月31日前更新" in page
    zone = create_agency("某开发区管理委员会", kind=AgencyKind.ZONE)
    assert "每年3月31日前更新" in _page(reverse("portal:platform", args=[zone.pk]))
    assert "每年3月31日前更新" in _page(reverse("portal:annual_reports", args=[zone.pk]))
    column = Column.objects.get(agency=agency, slug="yjgl")
    assert platform.PURPOSES["yjgl"] in _page(reverse("portal:column", args=[column.pk]))


def test_the_platform_lists_the_latest_of_each_column_once_published(office: Any) -> None:
    agency = office.agency
    system = Column.objects.get(agency=agency, slug="zd")
    Publication.objects.create(
        agency=agency, column=system, title="政府信息公开保密审查制度", publisher=agency.name,
        written_on=date(2026, 3, 2), published_at=timezone.now() - timedelta(days=1),
        status="published", index_number="GX-ZD-1",
    )  # fmt: skip
    page = _page(reverse("portal:platform", args=[agency.pk]))
    assert "政府信息公开保密审查制度" in page and SYSTEM_PURPOSE not in page
    assert STATUTORY_PURPOSE in page  # still empty


def test_the_guide_states_article_12_from_the_agencys_data_and_the_rules(office: Any) -> None:
    agency = office.agency
    agency.fax, agency.email = "0379-12345679", "gk@example.org"
    agency.save()
    guide = _page(reverse("portal:guide", args=[agency.pk]))
    for shown in (
        "自收到申请之日起20个工作日内予以答复",
        "延长的期限最长不得超过20个工作日",
        "7个工作日内一次性告知申请人作出补正",
        "国办函〔2020〕109号",
        "累计申请10件以下（含10件）不收费",
        '传真至<span translate="no">0379-12345679</span>',
        "gk@example.org",
        "行政复议",
        "行政诉讼",
    ):
        assert shown in guide, shown
    assert reverse("portal:catalogue", args=[agency.pk]) in guide


def test_the_catalogue_stacks_its_rows_on_a_phone(office: Any) -> None:
    agency = office.agency
    column = Column.objects.get(agency=agency, slug="gzdt")
    Publication.objects.create(
        agency=agency, column=column, title="工作动态一则", publisher=agency.name,
        written_on=date(2026, 3, 2), published_at=timezone.now() - timedelta(days=1),
        status="published", index_number="GX-GZDT-1",
    )  # fmt: skip
    page = _page(reverse("portal:catalogue", args=[agency.pk]))
    assert '<table class="list stack">' in page
    for label in ("索引号", "名称", "发布机构", "文号", "成文日期", "发布日期"):
        assert f'data-label="{label}"' in page
