"""The search page as a reader meets it: 文号 and 发布机构 however typed, filters alone, whole
titles with the hit marked and everything escaped, suggestions when nothing is found, the form's
layout, and no error page for any input."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.services import create_agency
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, Publication
from gongkai.search import services as search
from gongkai.tests.test_accessibility import BROWSER_MARKS, _audit, browser  # noqa: F401

pytestmark = pytest.mark.time_machine(
    datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
)
EVIL = '<script>alert("x")</script> & 高新区关于开展双随机一公开督导检查的通知'
URL = "/search/"


@pytest.fixture
def site(db, search_index):
    return _site()


def _site() -> dict[str, Publication]:
    zone = create_agency("洛阳高新技术产业开发区管理委员会", short_name="高新区管委会")
    office = create_agency(
        "洛阳高新技术产业开发区管理委员会党政办公室", parent=zone, short_name="党政办"
    )
    finance = create_agency("洛阳高新技术产业开发区财政局", parent=zone)
    other = create_agency("另一个县人民政府")
    for agency in (office, finance, other):
        publishing.ensure_platform(agency)
    now = timezone.now()
    made: dict[str, Publication] = {}

    def make(key: str, agency, title: str, days: float, number: str = "", body: str = "正文"):
        made[key] = Publication.objects.create(
            agency=agency, column=Column.objects.get(agency=agency, slug="gzdt"), title=title,
            publisher=agency.name, written_on=date(2026, 1, 5), doc_number=number,
            published_at=now - timedelta(days=days), status="published",
            index_number=f"GX-{len(made) + 1:05d}", body=f"<p>{body}</p>", body_text=body,
        )  # fmt: skip

    make("evil", office, EVIL, 1, "洛开管〔2026〕99号", "开展双随机一公开督导检查，" * 30)
    make("nine", office, "关于印发安全生产工作要点的通知", 2, "洛开管〔2026〕9号")
    make("old", finance, "关于规范财政资金管理的通知", 300, "洛开管〔2025〕21号")
    make("cited", finance, "财政局工作动态", 3, "", "根据（国办发〔2017〕47号）要求开展检查")
    make("far", other, "另一个县的公告", 4, "外政〔2026〕1号")
    search.sync([p.pk for p in made.values()])
    return made


def _ids(response) -> list[int]:
    return [hit.publication.pk for hit in response.context["result"].hits]


@pytest.mark.parametrize(
    "typed",
    ["洛开管〔2026〕99号", "洛开管[2026]99号", "洛开管(2026)99号", "洛开管（２０２６）９９号",
     "洛开管【2026】99号", "洛开管 2026 99号", "洛开管2026年99号", "〔2026〕99号"],
)  # fmt: skip
def test_a_doc_number_is_found_however_it_is_typed(site, typed: str) -> None:
    client = Client()
    assert _ids(client.get(URL, {"q": typed})) == [site["evil"].pk]
    listed = client.get(URL, {"doc_number": typed})
    assert _ids(listed) == [site["evil"].pk] and listed.context["result"].listing
    assert "<mark>" in listed.context["result"].hits[0].doc_number  # where it is written


def test_part_of_a_doc_number(site) -> None:
    client = Client()
    prefix = [site["evil"].pk, site["nine"].pk, site["old"].pk]  # newest first
    assert _ids(client.get(URL, {"doc_number": "洛开管"})) == prefix
    assert set(_ids(client.get(URL, {"q": "洛开管"}))) == set(prefix)
    assert _ids(client.get(URL, {"doc_number": "洛开管 2026"})) == prefix[:2]
    assert _ids(client.get(URL, {"q": "2026年9号"})) == [site["nine"].pk]
    # The 文号 in an item's own heading ranks it above an item citing it.
    assert _ids(client.get(URL, {"q": "洛开管〔2025〕21号"})) == [site["old"].pk]
    assert _ids(client.get(URL, {"q": "国办发[2017]47号"})) == [site["cited"].pk]


def test_the_publisher_is_found_by_keywords_and_by_the_filter(site) -> None:
    client = Client()
    office = {site["evil"].pk, site["nine"].pk}
    assert set(_ids(client.get(URL, {"q": "党政办公室"}))) == office
    assert set(_ids(client.get(URL, {"q": "通知", "agency": "党政办公室"}))) == office
    zone = client.get(URL, {"agency": "高新区"})  # the superior's short name
    assert _ids(zone) == [site["evil"].pk, site["nine"].pk, site["cited"].pk, site["old"].pk]
    assert "<mark>" not in zone.context["result"].hits[0].publisher  # 高新区 is not in its name
    finance = client.get(URL, {"agency": "财政局"}).context["result"].hits[0].publisher
    assert "<mark>财政局</mark>" in finance


def test_filters_alone_list_the_newest_with_a_count_and_pages(site, settings) -> None:
    client = Client()
    column = Column.objects.get(agency=site["evil"].agency, slug="gzdt")
    response = client.get(URL, {"column": column.pk, "year": "2026"})
    page = response.content.decode()
    assert _ids(response) == [site["evil"].pk, site["nine"].pk]
    assert "符合筛选条件的信息共 <strong>2</strong> 条，按发布时间从新到旧排列" in page
    monkeypatched = search.PAGE_SIZE
    try:
        search.PAGE_SIZE = 1
        second = client.get(URL, {"column": column.pk, "page": "2"})
    finally:
        search.PAGE_SIZE = monkeypatched
    assert _ids(second) == [site["nine"].pk]
    assert "第2页，共2页" in second.content.decode() and "上一页" in second.content.decode()


def test_titles_are_whole_marked_and_escaped(site) -> None:
    response = Client().get(URL, {"q": "督导"})
    hit = response.context["result"].hits[0]
    assert hit.title == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "高新区关于开展双随机一公开<mark>督导</mark>检查的通知"
    )
    page = response.content.decode()
    assert "<script>alert" not in page and hit.title in page
    assert hit.snippet.count("<mark>督导</mark>") >= 1 and len(hit.snippet) < 400  # cut


def test_nothing_found_offers_the_nearest_doc_number_and_titles(site) -> None:
    client = Client()
    response = client.get(URL, {"q": "洛开管〔2026〕98号"})
    page = response.content.decode()
    assert response.context["result"].total == 0
    assert "您是不是要找" in page
    assert response.context["suggestions"].doc_numbers[0] == "洛开管〔2026〕99号"
    assert "?q=%E6%B4%9B%E5%BC%80%E7%AE%A1%E3%80%942026%E3%80%9599%E5%8F%B7" in page
    catalogue = reverse("portal:catalogue", args=[site["evil"].agency.pk])
    filtered = client.get(URL, {"q": "督导检查安排", "agency": "党政办公室", "year": "2020"})
    page = filtered.content.decode()
    assert [p.pk for p in filtered.context["suggestions"].titles] == [site["evil"].pk]
    assert catalogue in page  # the catalogue of the agency the filter names
    assert "去掉筛选条件，只按关键词检索" in page and 'href="/search/?q=' in page
    by_filter = client.get(URL, {"doc_number": "洛开管〔2026〕98"}).context["suggestions"]
    assert by_filter.doc_numbers[0] == "洛开管〔2026〕99号"


HOSTILE = [
    "公开" * 5000,
    "\x00",
    "a\x00b 洛开管\x00〔2026〕",
    "〔〕【】（）[]()",
    "！？。，、；：“”‘’",
    "🙂🙂 🏛️",
    "%_\\' OR 1=1 --",
    "〔2026〕" * 300,
    "9" * 500 + "号",
    "洛开管〔２０２６〕" + "９" * 40 + "号",
    "\u202e\ufeff\u200b",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_no_input_gives_an_error_page(site, value: str) -> None:
    client = Client()
    for field in ("q", "agency", "doc_number", "column", "year", "page"):
        response = client.get(URL, {field: value, "q": "通知" if field != "q" else value})
        assert response.status_code == 200, field
        assert "<script>alert(1)" not in response.content.decode()
    both = client.get(URL, {"q": value, "agency": value, "doc_number": value, "year": "²"})
    assert both.status_code == 200


def test_only_punctuation_says_so(site) -> None:
    page = Client().get(URL, {"q": "〔〕（）！"}).content.decode()
    assert "只有标点或符号" in page


def test_each_label_sits_with_its_own_input(site) -> None:
    page = Client().get(URL).content.decode()
    form = page[page.index('<form method="get" role="search"') : page.index("</form>")]
    fields = re.findall(
        r'<div class="field[^"]*">(.*?)</div>\s*(?=<div class="field|</fieldset>|<fieldset)',
        form,
        re.S,
    )
    labelled = {}
    for field in fields:
        label = re.search(r'<label for="([^"]+)">([^<]+)</label>', field)
        assert label, field
        assert f'id="{label.group(1)}"' in field  # its own control in the same block
        labelled[label.group(2)] = label.group(1)
    assert set(labelled) == {"关键词", "栏目", "年份", "发布机构", "文号"}


def test_the_page_on_the_postgres_engine(site, settings) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL engine runs in the PostgreSQL pass of the suite")
    settings.SEARCH_BACKEND = "postgres"
    assert search.rebuild() == len(site)
    client = Client()
    for typed in ("洛开管 2026 99号", "洛开管[2026]99号"):
        assert _ids(client.get(URL, {"q": typed})) == [site["evil"].pk]
        assert _ids(client.get(URL, {"doc_number": typed})) == [site["evil"].pk]
    zone = client.get(URL, {"agency": "高新区"})
    assert _ids(zone) == [site["evil"].pk, site["nine"].pk, site["cited"].pk, site["old"].pk]
    nothing = client.get(URL, {"q": "洛开管〔2026〕98号"})
    assert nothing.context["suggestions"].doc_numbers[0] == "洛开管〔2026〕99号"
    for value in HOSTILE:
        assert (
            client.get(URL, {"q": value, "agency": value, "doc_number": value}).status_code == 200
        )


def _in_a_browser(test):  # the marks every browser test carries (slow, browser, SQLite)
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


@_in_a_browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_form_at_a_phone_width(live_server, browser, search_index, width: int) -> None:  # noqa: F811
    _site()
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + URL + "?q=督导&doc_number=洛开管")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    boxes = page.evaluate(
        """[...document.querySelectorAll('.search-form .field')].map(field => {
             const label = field.querySelector('label').getBoundingClientRect();
             const control = field.querySelector('input, select').getBoundingClientRect();
             return [label.left, label.bottom, control.left, control.top, control.right];
           })"""
    )
    assert len(boxes) == 5
    for label_left, label_bottom, left, top, right in boxes:
        assert label_bottom <= top + 1 and abs(label_left - left) < 2  # above its own input
        assert right <= width
    _audit(page, f"search at {width} px")
