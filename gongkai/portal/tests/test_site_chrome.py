"""What every page carries: the website's identity in the header and footer (set in 系统管理),
breadcrumbs, the 网站地图, and the reader's display preferences, all without JavaScript."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html
from PIL import Image

from gongkai.accounts.models import User
from gongkai.orgs import services
from gongkai.orgs.models import OrgEvent
from gongkai.publishing.models import Column

FOOTER = {
    "name": "洛阳高新区政府信息公开平台",
    "sponsor": "洛阳高新技术产业开发区管理委员会",
    "contact": "0379-00000000",
    "site_code": "4103000099",
    "icp": "豫ICP备12345678号-1",
    "police": "豫公网安备 41030502000123号",
}


def _page(client: Client, url: str) -> lxml_html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content.decode())


def _text(node: lxml_html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


@pytest.mark.django_db
def test_the_footer_shows_what_is_set_and_nothing_that_is_not(office) -> None:
    page = _page(Client(), "/")
    assert not page.xpath("//footer//dl//dt")  # nothing set yet: nothing invented
    assert "政府信息公开平台" in _text(page.xpath("//header//a[@class='brand']")[0])

    services.update_website(User.objects.create_superuser("root", password="x"), FOOTER, 0)
    page = _page(Client(), "/site-map/")
    footer = page.xpath("//footer")[0]
    shown = {_text(dt): _text(dt.getnext()) for dt in footer.xpath(".//dt")}
    assert shown == {
        "主办单位": FOOTER["sponsor"],
        "联系方式": FOOTER["contact"],
        "网站标识码": FOOTER["site_code"],
        "ICP备案号": FOOTER["icp"],
        "公安机关备案号": FOOTER["police"],
    }
    links = {_text(a): a.get("href") for a in footer.xpath(".//a")}
    assert links["豫ICP备12345678号-1"] == "https://beian.miit.gov.cn/"
    assert links["豫公网安备 41030502000123号"].endswith("code=41030502000123")
    assert links["我为政府网站找错"].endswith("site_code=4103000099")
    assert links["网站地图"] == "/site-map/"
    assert _text(page.xpath("//header//a[@class='brand']")[0]) == FOOTER["name"]
    assert page.findtext(".//title").endswith("· " + FOOTER["name"])
    assert page.xpath("//meta[@name='SiteIDCode']/@content") == [FOOTER["site_code"]]


@pytest.mark.django_db
def test_breadcrumbs_and_the_site_map(office) -> None:
    page = _page(Client(), "/site-map/")
    trail = page.xpath("//nav[@class='breadcrumbs']//li")
    assert [_text(li) for li in trail] == ["首页", "网站地图"]
    assert trail[-1].get("aria-current") == "page"
    assert trail[0].xpath(".//a")[0].get("href") == "/"
    listed = {a.get("href") for a in page.xpath("//main//a")}
    for column in Column.objects.filter(agency=office.agency).exclude(section="guide"):
        assert f"/xxgk/column/{column.pk}/" in listed, column.name
    assert f"/xxgk/{office.agency.pk}/guide/" in listed
    assert f"/xxgk/{office.agency.pk}/catalogue/" in listed


@pytest.mark.django_db
def test_large_text_and_high_contrast_by_links_kept_apart_in_the_page_cache(office) -> None:
    client = Client()
    plain = client.get("/site-map/").content.decode()
    assert "high-contrast" not in plain
    response = client.get(reverse("portal:display"), {"contrast": "high", "next": "/site-map/"})
    assert response.status_code == 302 and response["Location"] == "/site-map/"
    contrasted = client.get("/site-map/").content.decode()
    assert 'class="high-contrast"' in contrasted and "标准配色" in contrasted
    client.get(reverse("portal:display"), {"text": "large", "next": "/"})
    assert 'class="large-text high-contrast"' in client.get("/site-map/").content.decode()
    client.get(reverse("portal:display"), {"contrast": "standard", "text": "standard"})
    assert "<body>" in client.get("/site-map/").content.decode()  # back to the kept plain page
    assert "high-contrast" not in Client().get("/site-map/").content.decode()


@pytest.mark.django_db
def test_an_administrator_sets_the_identity_and_emblem_in_the_back_office(office) -> None:
    admin = User.objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(admin)
    assert Client().get("/emblem.png").status_code == 404
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (180, 0, 0)).save(out, format="PNG")
    form = {**FOOTER, "version": 0, "emblem": SimpleUploadedFile("标志.png", out.getvalue())}
    response = client.post(reverse("office:system_website"), form)
    assert response.status_code == 302
    emblem = Client().get("/emblem.png")
    assert emblem["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(emblem.content)).size == (96, 96)
    assert OrgEvent.objects.get(kind=OrgEvent.Kind.WEBSITE_CHANGED).after["emblem"]

    stale = client.post(reverse("office:system_website"), {**FOOTER, "version": 0})
    assert "已被他人修改" in stale.content.decode()
    junk = {**FOOTER, "version": 1, "emblem": SimpleUploadedFile("x.png", b"not an image")}
    refused = client.post(reverse("office:system_website"), junk)
    assert refused.status_code == 200 and "无法读取网站标志" in refused.content.decode()
    bad = client.post(reverse("office:system_website"), {**FOOTER, "version": 1, "icp": "ICP"})
    assert "ICP备案号的格式不对" in bad.content.decode()
    removed = client.post(
        reverse("office:system_website"), {**FOOTER, "version": 1, "remove_emblem": "on"}
    )
    assert removed.status_code == 302 and Client().get("/emblem.png").status_code == 404


@pytest.mark.django_db
def test_an_item_page_trail_walks_its_column_up_to_the_platform(office) -> None:
    from datetime import date

    from django.utils import timezone

    from gongkai.publishing.models import Publication

    rule_column = Column.objects.get(agency=office.agency, slug="gz")  # 规章, two levels down
    item = Publication.objects.create(
        agency=office.agency, column=rule_column, title="某某管理办法", publisher="某机关",
        written_on=date(2026, 1, 5), published_at=timezone.now(), status="published",
        index_number="GX-00001", body="<p>正文</p>", body_text="正文",
    )  # fmt: skip
    page = _page(Client(), f"/xxgk/item/{item.pk}/")
    trail = [_text(li) for li in page.xpath("//nav[@class='breadcrumbs']//li")]
    names = [rule_column.parent.parent.name, rule_column.parent.name, rule_column.name]
    assert trail == ["首页", office.agency.name, *names, "某某管理办法"]
    meta = {m.get("name"): m.get("content") for m in page.xpath("//head/meta[@name]")}
    assert meta["ColumnName"] == "规章" and meta["ArticleTitle"] == "某某管理办法"
    assert meta["ContentSource"] == "某机关" and meta["PubDate"].startswith("20")
    assert meta["SiteName"] == "政府信息公开平台" and "SiteIDCode" not in meta


@pytest.mark.django_db
def test_the_toolbar_comes_back_to_the_page_it_was_on(office) -> None:
    """The toolbar's links are the same on every page (the frame is shared): the way back is
    the page the reader clicked on (Referer), this site only."""
    client = Client()
    toolbar = _page(client, "/site-map/").xpath("//nav[@class='toolbar']//a")
    hrefs = {_text(a): a.get("href") for a in toolbar}
    assert hrefs["大字号"] == reverse("portal:display") + "?text=large"
    assert hrefs["高对比度"] == reverse("portal:display") + "?contrast=high"
    back = client.get(
        hrefs["大字号"], HTTP_REFERER="http://testserver/search/?q=%E5%85%AC%E5%BC%80"
    )
    assert (
        back.status_code == 302
        and back["Location"] == "http://testserver/search/?q=%E5%85%AC%E5%BC%80"
    )
    assert "标准字号" in client.get("/site-map/").content.decode()
    for referer in ("https://evil.example/", "javascript:alert(1)", ""):
        away = client.get(hrefs["高对比度"], HTTP_REFERER=referer)
        assert away["Location"] == "/", referer


@pytest.mark.django_db
def test_the_shared_frame_follows_the_page_the_reader_and_the_website(office) -> None:
    """Header, toolbar and footer are drawn once per process and reused (site_chrome.frame):
    each page still marks its own place in the menu, each reader's display and sign-in shows,
    and a change to the website shows at once."""
    anonymous = Client()

    def current(client: Client, url: str) -> list[str]:
        return [_text(a) for a in _page(client, url).xpath("//header//a[@aria-current='page']")]

    assert current(anonymous, "/search/") == ["检索"]
    assert current(anonymous, "/apply/") == ["申请公开"]
    assert current(anonymous, "/site-map/") == []
    assert current(anonymous, "/search/") == ["检索"]

    large = Client()
    large.cookies["text_size"] = "large"
    assert "标准字号" in large.get("/apply/").content.decode()
    assert "大字号" in anonymous.get("/apply/").content.decode()

    staff = Client()
    staff.force_login(office.editor)
    assert "工作台" in staff.get("/site-map/").content.decode()
    assert "工作台" not in anonymous.get("/site-map/").content.decode()

    root = User.objects.create_superuser("root", password="x")
    services.update_website(root, {**FOOTER, "sponsor": "第一个主办单位"}, 0)
    assert "第一个主办单位" in anonymous.get("/apply/").content.decode()
    services.update_website(root, {**FOOTER, "sponsor": "第二个主办单位"}, 1)
    page = anonymous.get("/apply/").content.decode()
    assert "第二个主办单位" in page and "第一个主办单位" not in page


def test_a_frame_names_only_what_it_can_depend_on() -> None:
    from django.template import TemplateSyntaxError, engines

    with pytest.raises(TemplateSyntaxError, match="frame"):
        engines["django"].from_string("{% load site_chrome %}{% frame weather %}x{% endframe %}")
