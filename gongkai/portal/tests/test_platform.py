"""The public platform: every page renders for a reader, shows only what is published and
due, and search takes any input without an error page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing.models import Column, Publication
from gongkai.search import services as search

# The items are dated from now (yesterday's news, tomorrow's scheduled item): a Tuesday morning.
pytestmark = pytest.mark.time_machine(
    datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
)


@pytest.fixture
def site(office, search_index):
    column = Column.objects.get(agency=office.agency, slug="gzdt")
    policy = Column.objects.get(agency=office.agency, slug="gfxwj")
    now = timezone.now()

    def make(
        title: str, col: Column, status: str = "published", days: int = 1, **extra
    ) -> Publication:
        return Publication.objects.create(
            agency=office.agency, column=col, title=title, publisher=office.agency.name,
            written_on=date(2026, 1, 5), published_at=now - timedelta(days=days), status=status,
            index_number=f"GX-{Publication.objects.count() + 1:05d}", body="<p>正文</p>",
            body_text=extra.pop("body_text", "正文"), **extra,
        )  # fmt: skip

    items = {
        "news": make("高新区召开安全生产工作会议", column, body_text="安全生产责任落实"),
        "policy": make(
            "关于印发政府信息公开工作办法的通知",
            policy,
            doc_number="洛开管〔2021〕3号",
            topic="综合政务",
        ),
        "draft": make("尚未发布的草稿", column, status="draft"),
        "later": make("明天发布的信息", column, days=-1),
    }
    search.sync([p.pk for p in items.values()])
    return office, items


def test_pages_show_only_what_is_published(site) -> None:
    office, items = site
    client = Client()
    home = client.get("/").content.decode()
    assert "高新区召开安全生产工作会议" in home and "尚未发布的草稿" not in home
    assert "明天发布的信息" not in home
    platform = client.get(reverse("portal:platform", args=[office.agency.pk])).content.decode()
    for name in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert name in platform
    item = client.get(reverse("portal:item", args=[items["policy"].pk])).content.decode()
    assert "洛开管〔2021〕3号" in item and "索引号" in item
    assert client.get(reverse("portal:item", args=[items["draft"].pk])).status_code == 404
    assert client.get(reverse("portal:item", args=[items["later"].pk])).status_code == 404
    guide = client.get(reverse("portal:guide", args=[office.agency.pk])).content.decode()
    assert "0379-12345678" in guide and reverse("portal:apply") in guide
    assert client.get(reverse("portal:annual_reports", args=[office.agency.pk])).status_code == 200


def test_catalogue_filters(site) -> None:
    office, items = site
    url = reverse("portal:catalogue", args=[office.agency.pk])
    policy_column = items["policy"].column
    fdzdgk = Column.objects.get(agency=office.agency, slug="fdzdgk")
    client = Client()
    assert client.get(url).context["page"].paginator.count == 2
    assert [p.pk for p in client.get(url, {"column": fdzdgk.pk}).context["page"]] == [
        items["policy"].pk
    ]
    assert (
        client.get(url, {"column": policy_column.pk, "year": "1999"})
        .context["page"]
        .paginator.count
        == 0
    )
    # Nonsense filters are ignored, never an error.
    for params in ({"year": "abc"}, {"column": "99999"}, {"topic": "<script>"}, {"page": "-1"}):
        assert client.get(url, params).status_code == 200


def test_feeds_and_sitemap(site) -> None:
    _, items = site
    client = Client()
    column = items["news"].column
    rss = client.get(reverse("portal:column_rss", args=[column.pk]))
    assert rss.status_code == 200 and "高新区召开安全生产工作会议" in rss.content.decode()
    assert "明天发布的信息" not in rss.content.decode()
    atom = client.get(reverse("portal:column_atom", args=[column.pk]))
    assert b"http://www.w3.org/2005/Atom" in atom.content
    sitemap = client.get("/sitemap.xml").content.decode()
    assert reverse("portal:item", args=[items["policy"].pk]) in sitemap
    assert reverse("portal:item", args=[items["draft"].pk]) not in sitemap


@pytest.mark.parametrize(
    "q",
    ["的 了", "公开" * 500, "'; DROP TABLE publishing_publication; --", 'title:(a OR "b', "ＡＮＤ　＊",
     "安全生产 ", "%_\\", "\x00", "🙂"],
)  # fmt: skip
def test_search_takes_any_input(site, q: str) -> None:
    response = Client().get(reverse("portal:search"), {"q": q, "year": "x", "column": "-3"})
    assert response.status_code == 200


def test_search_results_and_filters(site) -> None:
    _, items = site
    client = Client()
    found = client.get(reverse("portal:search"), {"q": "安全生产"}).context["result"]
    assert [h.publication.pk for h in found.hits] == [items["news"].pk]
    assert "<mark>安全生产</mark>" in found.hits[0].title
    stop = client.get(reverse("portal:search"), {"q": "的"}).content.decode()
    assert "常用虚词" in stop
    number = client.get(reverse("portal:search"), {"q": "通知", "doc_number": "〔2021〕3"})
    assert number.context["result"].total == 1
    wrong_year = client.get(reverse("portal:search"), {"q": "通知", "year": "2020"})
    assert wrong_year.context["result"].total == 0


@pytest.mark.django_db
def test_larger_text_mode_without_javascript() -> None:
    client = Client()
    response = client.get(reverse("portal:display"), {"text": "large", "next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    assert 'class="large-text"' in client.get("/search/").content.decode()
    evil = client.get(reverse("portal:display"), {"next": "https://evil.example/"})
    assert evil["Location"] == "/"


def test_public_pages_are_kept_until_content_changes(site) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    office, items = site
    client = Client()
    url = reverse("portal:item", args=[items["news"].pk])
    first = client.get(url).content
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content
    assert again == first and len(queries) == 0
    items["news"].status = "withdrawn"
    items["news"].save()
    search.sync([items["news"].pk])  # what every publishing service does on commit
    assert client.get(url).status_code == 404
    staff = Client()
    staff.force_login(office.editor)
    assert b"editor" in staff.get(reverse("portal:item", args=[items["policy"].pk])).content


def test_search_page_on_the_postgres_engine(site, settings) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL engine runs in the PostgreSQL pass of the suite")
    _, items = site
    settings.SEARCH_BACKEND = "postgres"
    assert search.rebuild() == 3  # the published items, the scheduled one included
    client = Client()
    result = client.get(reverse("portal:search"), {"q": "安全生产"}).context["result"]
    assert [h.publication.pk for h in result.hits] == [items["news"].pk]
    assert client.get(reverse("portal:search"), {"q": "明天发布"}).context["result"].total == 0
    items["news"].status = "withdrawn"
    items["news"].save()
    search.sync([items["news"].pk])
    assert client.get(reverse("portal:search"), {"q": "安全生产"}).context["result"].total == 0


def test_policy_and_its_interpretation_link_each_other(site) -> None:
    office, items = site
    column = Column.objects.get(agency=office.agency, slug="zcjd")
    reading = Publication.objects.create(
        agency=office.agency, column=column, title="《政府信息公开工作办法》政策解读",
        publisher="p", written_on=date(2026, 1, 6), status="published",
        published_at=timezone.now() - timedelta(hours=1), index_number="GX-JD-1",
        interprets=items["policy"],
    )  # fmt: skip
    client = Client()
    policy = client.get(reverse("portal:item", args=[items["policy"].pk])).content.decode()
    assert reverse("portal:item", args=[reading.pk]) in policy and "政策解读" in policy
    page = client.get(reverse("portal:item", args=[reading.pk])).content.decode()
    assert reverse("portal:item", args=[items["policy"].pk]) in page
