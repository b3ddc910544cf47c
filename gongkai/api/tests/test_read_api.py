"""The read API shows exactly what the public site shows: the catalogue's items for the same
filters, item by item; never a draft, a scheduled or a withdrawn item; errors as RFC 9457
problem details in Chinese; an OpenAPI 3 schema that names every endpoint."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from gongkai.publishing import workflow
from gongkai.publishing.models import Attachment, Column, Publication
from gongkai.search import services as search

pytestmark = pytest.mark.time_machine(
    datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
)


@pytest.fixture
def published(office: Any) -> dict[str, Publication]:
    agency, now = office.agency, timezone.now()

    def make(n: int, slug: str, status: str = workflow.PUBLISHED, hours: float = 1, **extra: Any):
        return Publication.objects.create(
            agency=agency, column=Column.objects.get(agency=agency, slug=slug), title=f"第{n}条",
            publisher=agency.name, written_on=date(2025, 12, 1), status=status,
            published_at=now - timedelta(hours=hours), body=f"<p>正文{n}</p>",
            index_number=f"GX-{n:05d}", **extra,
        )  # fmt: skip

    made = {f"item{n}": make(n, ("gzdt", "tzgg", "gfxwj")[n % 3], hours=n * 7) for n in range(45)}
    made["same time"] = make(90, "gzdt", hours=14)  # published with item2: the cursor holds
    made["draft"] = make(91, "gzdt", status=workflow.DRAFT)
    made["tomorrow"] = make(92, "gzdt", hours=-24)
    made["withdrawn"] = make(93, "gzdt", status=workflow.WITHDRAWN)
    made["last year"] = make(94, "gzdt", hours=24 * 120)
    Attachment.objects.create(
        publication=made["item3"], file="attachments/a.pdf", name="全文.pdf", size=2048,
        kind="pdf", text="附件里的文字",
    )  # fmt: skip
    return made


def _all(client: Client, **query: Any) -> list[int]:
    """Every item of the list, page after page (small pages: the cursor is exercised)."""
    seen: list[int] = []
    url: str | None = reverse("api:items") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    while url:
        body = client.get(url).json()
        seen += [i["id"] for i in body["items"]]
        url = body["next"]
        assert len(seen) < 500
    return seen


def _catalogue(client: Client, agency: int, **query: Any) -> list[int]:
    seen: list[int] = []
    page = 1
    while True:
        response = client.get(reverse("portal:catalogue", args=[agency]), {**query, "page": page})
        tree = lxml_html.fromstring(response.content.decode())
        links = tree.xpath("//main//a[contains(@href, '/xxgk/item/')]/@href")
        ids = [int(h.rstrip("/").rsplit("/", 1)[1]) for h in links]
        if not ids or (seen and ids[-1] == seen[-1]):
            return seen
        seen += [i for i in ids if i not in seen]
        page += 1


def test_the_items_are_the_catalogues_for_the_same_filters(office, published) -> None:
    client = Client()
    agency = office.agency.pk
    policies = Column.objects.get(agency=office.agency, slug="gfxwj").pk
    statutory = Column.objects.get(agency=office.agency, slug="gfxwj").parent_id
    for query in ({}, {"year": 2026}, {"year": 2025}, {"column": policies},
                  {"column": statutory}, {"topic": "综合政务"}, {"validity": "valid"}):  # fmt: skip
        api = _all(client, agency=agency, limit=7, **query)
        assert api == _catalogue(client, agency, **query), query
        assert len(api) == len(set(api))
    shown = _all(client, agency=agency, limit=200)
    for hidden in ("draft", "tomorrow", "withdrawn"):
        assert published[hidden].pk not in shown
    assert published["same time"].pk in shown


def test_an_item_as_its_page_shows_it_and_nothing_unpublished(office, published) -> None:
    client = Client()
    item = client.get(reverse("api:item", args=[published["item3"].pk]))
    assert item.status_code == 200 and item["Content-Type"].startswith("application/json")
    body = item.json()
    assert body["title"] == "第3条" and body["index_number"] == "GX-00003"
    assert body["body"] == "<p>正文3</p>" and body["column_name"] == "工作动态"
    assert body["attachments"][0]["name"] == "全文.pdf"
    assert body["attachments"][0]["url"].endswith(
        reverse("portal:attachment", args=[Attachment.objects.get().pk])
    )
    assert body["url"].endswith(reverse("portal:item", args=[published["item3"].pk]))
    assert "第3条" in item.content.decode()  # Chinese as Chinese
    for hidden in ("draft", "tomorrow", "withdrawn"):
        missing = client.get(reverse("api:item", args=[published[hidden].pk]))
        assert missing.status_code == 404
        assert missing["Content-Type"] == "application/problem+json"
        assert missing.json() == {
            "type": "about:blank", "title": "未找到", "status": 404,
            "detail": "没有这个政府信息，或它尚未公开。",
        }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "wrong"),
    [("", "agency"), ("agency=x", "agency"), ("agency=1&limit=abc", "limit"),
     ("agency=1&cursor=%%%", "cursor"), ("agency=1&cursor=bm90LWEtY3Vyc29y", "cursor")],
)  # fmt: skip
def test_bad_parameters_are_problems_in_chinese(office, query: str, wrong: str) -> None:
    response = Client().get(
        reverse("api:items") + "?" + query.replace("agency=1", f"agency={office.agency.pk}")
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "参数有误" and wrong in body["errors"] and body["detail"]


def test_an_unknown_agency_is_not_found(db) -> None:
    response = Client().get(reverse("api:items"), {"agency": 10**6})
    assert (
        response.status_code == 404 and response.json()["detail"] == "没有这个机关，或它尚未公开。"
    )


def test_the_agencies_as_a_tree(office) -> None:
    agencies = Client().get(reverse("api:agencies")).json()
    names = {a["name"]: a for a in agencies}
    assert "洛阳高新技术产业开发区管理委员会党政办公室" in names
    for agency in agencies:
        assert agency["level"] >= 0
        assert agency["parent"] is None or agency["parent"] in {a["id"] for a in agencies}
        assert set(agency) == {
            "id",
            "name",
            "short_name",
            "slug",
            "kind",
            "kind_name",
            "parent",
            "level",
            "platform_url",
        }
    office_row = names["洛阳高新技术产业开发区管理委员会党政办公室"]
    assert (office_row["kind"], office_row["kind_name"]) == (
        office.agency.kind,
        office.agency.get_kind_display(),
    )


def test_the_schema_is_openapi_3_and_names_every_endpoint(db) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/agencies/", "/api/v1/items/", "/api/v1/items/{item_id}/"} <= set(
        schema["paths"]
    )
    parameters = {p["name"] for p in schema["paths"]["/api/v1/items/"]["get"]["parameters"]}
    assert {"agency", "column", "year", "topic", "validity", "cursor", "limit"} <= parameters


def test_a_read_again_unchanged_is_a_304_and_any_site_may_read(office, published) -> None:
    client = Client()
    for url in (
        reverse("api:agencies"),
        reverse("api:items") + f"?agency={office.agency.pk}",
        reverse("api:item", args=[published["item1"].pk]),
    ):
        first = client.get(url, HTTP_ORIGIN="https://example.org")
        assert first.status_code == 200 and first["Access-Control-Allow-Origin"] == "*"
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304 and since.content == b""
    changed = client.get(reverse("api:item", args=[published["item1"].pk]))
    Publication.objects.filter(pk=published["item1"].pk).update(title="改过的标题")
    search.sync([published["item1"].pk])  # as an edit through the services commits the index
    fresh = client.get(
        reverse("api:item", args=[published["item1"].pk]), HTTP_IF_NONE_MATCH=changed["ETag"]
    )
    assert fresh.status_code == 200 and fresh.json()["title"] == "改过的标题"


def test_what_was_published_since(office, published) -> None:
    since = published["item4"].published_at
    assert since is not None
    query = {"agency": office.agency.pk, "published_after": since.isoformat(), "limit": 200}
    body = Client().get(reverse("api:items"), query).json()
    newer = Publication.objects.visible().filter(agency=office.agency, published_at__gt=since)
    assert [i["id"] for i in body["items"]] == [p.pk for p in newer]
    assert body["next"] is None


def test_a_kept_list_names_the_host_it_was_asked_by(office, published) -> None:
    url = reverse("api:items") + f"?agency={office.agency.pk}&limit=1"
    for host in ("localhost", "127.0.0.1", "localhost"):
        body = Client().get(url, HTTP_HOST=host).json()
        assert body["items"][0]["url"].startswith(f"http://{host}/")
        assert body["next"].startswith(f"http://{host}/")


def test_doc_number_and_words_find_what_the_public_search_finds(office, published) -> None:
    numbered = {
        "item5": "洛开管〔2026〕5号",
        "item6": "洛开管〔2025〕6号",
        "item7": "洛政〔2026〕7号",
    }
    for name, number in numbered.items():
        Publication.objects.filter(pk=published[name].pk).update(doc_number=number)
    Publication.objects.filter(pk=published["item8"].pk).update(title="优化营商环境工作通知")
    Publication.objects.filter(pk=published["item9"].pk).update(body_text="营商环境评价")
    search.rebuild()
    client, agency = Client(), office.agency.pk

    def api(**query: Any) -> list[int]:
        return _all(client, agency=agency, limit=2, **query)

    def site(words: str = "", doc_number: str = "") -> list[int]:
        hits = client.get(reverse("portal:search"), {"q": words, "doc_number": doc_number})
        page = lxml_html.fromstring(hits.content)
        linked = page.xpath("//main//a[contains(@href, '/xxgk/item/')]/@href")
        return sorted({int(href.rstrip("/").rsplit("/", 1)[-1]) for href in linked})

    ids = {name: p.pk for name, p in published.items()}
    assert api(doc_number="洛开管 2026") == [ids["item5"]] == site(doc_number="洛开管 2026")
    assert api(doc_number="〔2026〕") == [ids["item5"], ids["item7"]]
    assert sorted(api(doc_number="〔2026〕")) == site(doc_number="〔2026〕")
    assert api(doc_number="洛开管") == [ids["item5"], ids["item6"]]
    assert api(q="营商环境") == [ids["item8"], ids["item9"]]
    assert sorted(api(q="营商环境")) == site("营商环境")
    assert api(q="营商环境", doc_number="洛开管") == []
    assert api(q="营商环境", column=published["item8"].column_id) == [ids["item8"]]
    assert api(q="的") == [] and api(doc_number="不存在的文号") == []


def test_words_that_find_too_much_ask_for_a_narrower_list(office, published, monkeypatch) -> None:
    from gongkai.api import v1

    Publication.objects.filter(agency=office.agency).update(body_text="正文")
    search.rebuild()
    monkeypatch.setattr(v1, "MATCHES", 3)
    response = Client().get(reverse("api:items"), {"agency": office.agency.pk, "q": "正文"})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert "超过3条" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/a%00b/2021/",
        "/api/v1/reports.json?agency=a%00b",
        "/api/v1/reports.csv?agency=%00",
        "/api/v1/items/?agency=1&q=%00",
        "/api/v1/items/?agency=1&doc_number=%00",
        "/api/v1/items/?agency=1&topic=%00&validity=%00",
        "/api/v1/items/?agency=1&cursor=%00",
        "/api/v1/items/?agency=1&published_after=%00",
        "/api/v1/items/?agency=99999999999999999999",
        "/api/v1/items/99999999999999999999/",
    ],
)
def test_a_nul_byte_or_a_huge_number_is_a_problem_not_an_error(office, url: str) -> None:
    """PostgreSQL refuses NUL in text and integers past its key's range (a 500 if asked)."""
    response = Client().get(url)
    assert response.status_code in (404, 422), response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
